import { checkHealth } from "@/lib/health";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkHealth();
  return json(health, { status: health.database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
