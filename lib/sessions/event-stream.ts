import "server-only";
import { logger } from "@/lib/log";
import { ensureIdleSweeper } from "@/lib/sessions/idle-sweeper";
import { subscribeToSession } from "@/lib/sessions/live-events";
import { sessionStats } from "@/lib/sessions/view";

/**
 * The text/event-stream body of GET /api/sessions/{id}/events. Sends `update` (the session's
 * SessionStats as JSON) at once and after changes, coalesced to one per MIN_GAP_MS so that a
 * 10 Hz upload does not make the page refetch ten times a second; a comment every
 * HEARTBEAT_MS keeps proxies from closing an idle stream; the stream ends after MAX_AGE_MS
 * (EventSource reconnects), or at once when the client leaves.
 */
const MIN_GAP_MS = 1_000;
const HEARTBEAT_MS = 20_000;
const MAX_AGE_MS = 15 * 60_000;

export function sessionEventStream(userId: number, sessionId: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      ensureIdleSweeper();
      let closed = false;
      let sending = false;
      let dirty = false;
      let lastSent = 0;
      let timer: NodeJS.Timeout | null = null;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const send = async () => {
        if (closed) return;
        if (sending) {
          dirty = true;
          return;
        }
        sending = true;
        try {
          const stats = await sessionStats(userId, sessionId);
          if (!stats) {
            write("event: deleted\ndata: {}\n\n");
            close();
            return;
          }
          lastSent = Date.now();
          write(`event: update\ndata: ${JSON.stringify(stats)}\n\n`);
        } catch (error) {
          logger.warn("live updates: could not read the session", { error, sessionId });
        } finally {
          sending = false;
          if (dirty) {
            dirty = false;
            schedule();
          }
        }
      };
      const schedule = () => {
        if (closed || timer) return;
        const wait = Math.max(0, lastSent + MIN_GAP_MS - Date.now());
        timer = setTimeout(() => {
          timer = null;
          void send();
        }, wait);
      };
      const heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
      const maxAge = setTimeout(() => close(), MAX_AGE_MS);
      let unsubscribe = () => {};
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(maxAge);
        if (timer) clearTimeout(timer);
        signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      cleanup = close;
      try {
        unsubscribe = subscribeToSession(sessionId, userId, schedule);
      } catch (error) {
        // Over the cap: tell the page, which then falls back to no live updates.
        write(`event: refused\ndata: ${JSON.stringify({ message: error instanceof Error ? error.message : "refused" })}\n\n`);
        close();
        return;
      }
      signal.addEventListener("abort", close);
      // Reconnect delay for EventSource after the server ends the stream.
      write("retry: 2000\n\n");
      void send();
    },
    cancel() {
      cleanup();
    },
  });
}
