import "server-only";
import { db } from "@/lib/db/client";

export interface Health {
  status: "ok" | "degraded";
  database: { ok: boolean; latencyMs: number | null; error?: string };
  uptimeS: number;
  version: string;
}

export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  let database: Health["database"];
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 3 s")), 3_000)),
    ]);
    database = { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    database = { ok: false, latencyMs: null, error: "unreachable: " + (error instanceof Error ? error.message.split("\n")[0] : "unknown") };
  }
  return {
    status: database.ok ? "ok" : "degraded",
    database,
    uptimeS: Math.round(process.uptime()),
    version: process.env.npm_package_version ?? "0.1.0",
  };
}
