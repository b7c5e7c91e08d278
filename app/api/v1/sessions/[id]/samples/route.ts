import { apiRoute } from "@/lib/api/route";
import { getSessionSamples } from "@/lib/api/v1/sessions";
import { sessionDownloadResponse } from "@/lib/export/responses";
import { badRequest } from "@/lib/http/errors";
import { samplesJsonStream } from "@/lib/samples/json-stream";
import { requireOwnedSession, sessionPids } from "@/lib/sessions/detail";
import { downsampledSamples } from "@/lib/sessions/downsampled-samples";
import { sessionEtag, notModified } from "@/lib/sessions/etag";

export const GET = apiRoute(getSessionSamples, async ({ request, actor, params, query }) => {
  const session = await requireOwnedSession(actor.userId, params.id);
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw badRequest("`from` is after `to`.", "from");
  const keys = query.pids ?? session.pidKeys;
  const unknown = keys.filter((k) => !session.pidKeys.includes(k));
  if (unknown.length > 0) throw badRequest(`This session has no PID ${unknown.join(", ")}.`, "pids");
  if (query.format === "csv" && query.downsample !== undefined) {
    throw badRequest("`downsample` is for format=json: the CSV is the whole download file.", "downsample");
  }
  for (const field of ["units", "tz"] as const) {
    if (query.format === "json" && query[field] !== undefined) {
      throw badRequest(`\`${field}\` is for format=csv: JSON values are in the stored units, times in epoch ms.`, field);
    }
  }
  const range = { fromMs: query.from, toMs: query.to };
  if (query.downsample !== undefined) {
    // A plain object: apiRoute answers it as JSON with an ETag of its bytes.
    const [pids, reduced] = await Promise.all([
      sessionPids(session.deviceId, keys),
      downsampledSamples(actor.userId, session.id, keys, range, query.downsample),
    ]);
    return { pids, columns: ["time", ...keys], rows: reduced.rows, downsample: { samples: reduced.samples, bucketMs: reduced.bucketMs } };
  }
  const etag = sessionEtag(session, new URL(request.url).search);
  if (notModified(request, etag)) return new Response(null, { status: 304, headers: { etag } });
  if (query.format === "csv") {
    const requested = { units: query.units ?? "stored", tz: query.tz };
    const response = await sessionDownloadResponse(actor.userId, session.id, "csv", requested, request.signal, { range, pids: query.pids });
    response.headers.set("etag", etag);
    return response;
  }
  const pids = await sessionPids(session.deviceId, keys);
  return new Response(samplesJsonStream(session.id, pids, range), {
    headers: { "content-type": "application/json; charset=utf-8", etag, "cache-control": "private, no-cache" },
  });
});
