import { requireActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/http/errors";
import { parseId } from "@/lib/http/query";
import { handle } from "@/lib/http/respond";
import { sessionEventStream } from "@/lib/sessions/event-stream";
import { sessionStats } from "@/lib/sessions/view";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/**
 * Server-sent events for one session: `update` with the session's counters at once and after
 * every change (at most one per second). The stream ends after a while; EventSource reconnects.
 */
export const GET = handle("session events", async (request: Request, context: Context) => {
  const actor = await requireActor(request, "readData");
  const id = parseId((await context.params).id);
  if (!(await sessionStats(actor.userId, id))) throw notFound("No such session.");
  return new Response(sessionEventStream(actor.userId, id, request.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: keeps compression from buffering the stream; X-Accel-Buffering: nginx too.
      "cache-control": "no-cache, no-store, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    },
  });
});
