import { requireActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/http/errors";
import { parseId } from "@/lib/http/query";
import { handle } from "@/lib/http/respond";
import { sessionEventStream } from "@/lib/sessions/event-stream";
import { sessionStats } from "@/lib/sessions/view";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  // no-transform: keeps compression from buffering the stream; X-Accel-Buffering: nginx too.
  "cache-control": "no-cache, no-store, no-transform",
  "x-accel-buffering": "no",
};

/**
 * Server-sent events for one session: `update` with the session's counters at once and after
 * every change (at most one per second). The stream ends after a while; EventSource reconnects.
 * `?once` answers with the current state only and ends (scripts, health checks).
 */
export const GET = handle("session events", async (request: Request, context: Context) => {
  const actor = await requireActor(request, "readData");
  const id = parseId((await context.params).id);
  const stats = await sessionStats(actor.userId, id);
  if (!stats) throw notFound("No such session.");
  if (new URL(request.url).searchParams.has("once")) return new Response(`event: update\ndata: ${JSON.stringify(stats)}\n\n`, { headers: HEADERS });
  return new Response(sessionEventStream(actor.userId, id, request.signal), {
    headers: { ...HEADERS, connection: "keep-alive" },
  });
});
