import { openApiDocument } from "@/lib/api/openapi";
import { OPERATIONS } from "@/lib/api/v1";
import { json } from "@/lib/http/respond";

// Public: it describes the API, it holds no data.
export function GET(): Response {
  return json(openApiDocument(OPERATIONS), { headers: { "cache-control": "public, max-age=300" } });
}
