import { apiRoute } from "@/lib/api/route";
import { getSessionSamples } from "@/lib/api/v1/sessions";
import { badRequest } from "@/lib/http/errors";
import { samplesJsonStream } from "@/lib/samples/json-stream";
import { requireOwnedSession, sessionPids } from "@/lib/sessions/detail";
import { sessionEtag, notModified } from "@/lib/sessions/etag";

export const GET = apiRoute(getSessionSamples, async ({ request, actor, params, query }) => {
  const session = await requireOwnedSession(actor.userId, params.id);
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw badRequest("`from` is after `to`.", "from");
  const keys = query.pids ?? session.pidKeys;
  const unknown = keys.filter((k) => !session.pidKeys.includes(k));
  if (unknown.length > 0) throw badRequest(`This session has no PID ${unknown.join(", ")}.`, "pids");
  const etag = sessionEtag(session, new URL(request.url).search);
  if (notModified(request, etag)) return new Response(null, { status: 304, headers: { etag } });
  const pids = await sessionPids(session.deviceId, keys);
  return new Response(samplesJsonStream(session.id, pids, { fromMs: query.from, toMs: query.to }), {
    headers: { "content-type": "application/json; charset=utf-8", etag, "cache-control": "private, no-cache" },
  });
});
