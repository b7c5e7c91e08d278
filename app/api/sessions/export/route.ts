import { requireActor } from "@/lib/auth/actor";
import { exportBodySchema, exportQuerySchema, parseOrThrow } from "@/lib/export/options";
import { zipDownloadResponse } from "@/lib/export/responses";
import { filterFromJson } from "@/lib/export/selection";
import { readJsonBody } from "@/lib/http/body";
import { handle } from "@/lib/http/respond";

/**
 * The bulk download: a zip of one CSV per session plus index.csv.
 *   GET  /api/sessions/export?ids=1,2,3&units=stored|display&tz=…&job=…
 *   GET  /api/sessions/export?all=1&<the session list's filter parameters>&…
 *   POST /api/sessions/export  { "sessionIds": [1, 2, 3] } or { "filter": {…} }, with "units"?, "tz"?, "job"?
 * Empty selection 400, unknown or foreign id 404, more than 5,000 ids 413 (use the filter),
 * more than two downloads at once 429 (Retry-After).
 */
export const GET = handle("sessions.export", async (request: Request) => {
  const actor = await requireActor(request, "readData");
  const params = new URL(request.url).searchParams;
  const query = parseOrThrow(exportQuerySchema, Object.fromEntries(params));
  const selection = params.has("all") ? { filter: params } : { ids: params.getAll("ids") };
  return zipDownloadResponse(actor.userId, selection, query, request.signal);
});

/** 5,000 ids of up to 10 digits, with room for the options. */
const MAX_BODY_BYTES = 128 * 1024;

export const POST = handle("sessions.export", async (request: Request) => {
  const actor = await requireActor(request, "readData");
  const body = parseOrThrow(exportBodySchema, await readJsonBody(request, MAX_BODY_BYTES));
  const selection = body.filter !== undefined ? { filter: filterFromJson(body.filter) } : { ids: body.sessionIds ?? [] };
  return zipDownloadResponse(actor.userId, selection, body, request.signal);
});
