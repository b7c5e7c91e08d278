import "server-only";
import type { z } from "zod";
import type { samplesQuery } from "@/lib/api/v1/sessions";
import { sessionDownloadResponse } from "@/lib/export/responses";
import { badRequest } from "@/lib/http/errors";
import { samplesJsonStream } from "@/lib/samples/json-stream";
import { requireOwnedSession, sessionPids } from "@/lib/sessions/detail";
import { downsampledSamples } from "@/lib/sessions/downsampled-samples";
import { notModified, sessionEtag } from "@/lib/sessions/etag";

type SamplesQuery = z.output<typeof samplesQuery>;

/**
 * GET /api/v1/sessions/{id}/samples: the streamed JSON rows, the page's CSV download
 * (format=csv) or the min/max-downsampled rows (downsample=N, a plain object: apiRoute answers
 * it as JSON with an ETag of its bytes). The query was validated by its schema; what needs the
 * session (ownership, its PIDs) is checked here.
 */
export async function sessionSamples(userId: number, sessionId: number, query: SamplesQuery, request: Request) {
  const session = await requireOwnedSession(userId, sessionId);
  const keys = query.pids ?? session.pidKeys;
  const unknown = keys.filter((k) => !session.pidKeys.includes(k));
  if (unknown.length > 0) throw badRequest(`This session has no PID ${unknown.join(", ")}.`, "pids");
  const range = { fromMs: query.from, toMs: query.to };
  if (query.downsample !== undefined) {
    const [pids, reduced] = await Promise.all([sessionPids(session.deviceId, keys), downsampledSamples(userId, session.id, keys, range, query.downsample)]);
    return { pids, columns: ["time", ...keys], rows: reduced.rows, downsample: { samples: reduced.samples, bucketMs: reduced.bucketMs } };
  }
  const etag = sessionEtag(session, new URL(request.url).search);
  if (notModified(request, etag)) return new Response(null, { status: 304, headers: { etag } });
  if (query.format === "csv") {
    const requested = { units: query.units ?? "stored", tz: query.tz };
    const response = await sessionDownloadResponse(userId, session.id, "csv", requested, request.signal, { range, pids: query.pids });
    response.headers.set("etag", etag);
    return response;
  }
  const pids = await sessionPids(session.deviceId, keys);
  return new Response(samplesJsonStream(session.id, pids, range), {
    headers: { "content-type": "application/json; charset=utf-8", etag, "cache-control": "private, no-cache" },
  });
}
