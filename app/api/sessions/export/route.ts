import { requireActor } from "@/lib/auth/actor";
import { exportBodySchema, exportQuerySchema, parseOrThrow, parseSessionIds } from "@/lib/export/options";
import { zipDownloadResponse } from "@/lib/export/responses";
import { readJsonBody } from "@/lib/http/body";
import { handle } from "@/lib/http/respond";

/**
 * The bulk download: a zip of one CSV per session plus index.csv.
 *   GET  /api/sessions/export?ids=1,2,3&units=stored|display&tz=…&job=…
 *   POST /api/sessions/export  { "sessionIds": [1, 2, 3], "units"?, "tz"?, "job"? }
 * Empty selection 400, unknown or foreign id 404, more than 5,000 ids 413, more than two
 * downloads at once 429 (Retry-After).
 */
export const GET = handle("sessions.export", async (request: Request) => {
  const actor = await requireActor(request, "readData");
  const params = new URL(request.url).searchParams;
  const query = parseOrThrow(exportQuerySchema, Object.fromEntries(params));
  const ids = parseSessionIds(params.getAll("ids"));
  return zipDownloadResponse(actor.userId, ids, query, request.signal);
});

/** 5,000 ids of up to 10 digits, with room for the options. */
const MAX_BODY_BYTES = 128 * 1024;

export const POST = handle("sessions.export", async (request: Request) => {
  const actor = await requireActor(request, "readData");
  const body = parseOrThrow(exportBodySchema, await readJsonBody(request, MAX_BODY_BYTES));
  const ids = parseSessionIds(body.sessionIds);
  return zipDownloadResponse(actor.userId, ids, body, request.signal);
});
