import "server-only";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { refreshSessionSummary } from "@/lib/sessions/summary";

/**
 * Computes the full summary of sessions that stopped receiving uploads: a session is idle when
 * its last upload is IDLE_AFTER_MS old, and due when its summary predates that upload (so new
 * data after a summary makes it due again). Runs in-process every SWEEP_EVERY_MS, started
 * lazily by the first upload or session page of a server process. Several app instances on one
 * database share the work: each locks the rows it takes with FOR UPDATE SKIP LOCKED, so a
 * session is summarised by one of them only.
 */
export const IDLE_AFTER_MS = 120_000;
export const SWEEP_EVERY_MS = 30_000;
const BATCH = 10;

/** Summarises the most overdue session, if any; returns its id. */
async function sweepOne(): Promise<number | null> {
  // One session per transaction: its row lock (which an upload to it would wait for) is held
  // only for its own summary.
  return db().$transaction(
    async (tx) => {
      const [due] = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM sessions
        WHERE last_upload_at < now() - ${IDLE_AFTER_MS}::int * INTERVAL '1 millisecond'
          AND (summary_at IS NULL OR summary_at < last_upload_at)
        ORDER BY last_upload_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED`;
      if (!due) return null;
      await refreshSessionSummary(due.id, tx);
      return due.id;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** One pass: summarises up to `limit` due sessions; returns their ids. */
export async function sweepIdleSessions(limit = BATCH): Promise<number[]> {
  const done: number[] = [];
  while (done.length < limit) {
    const id = await sweepOne();
    if (id === null) break;
    done.push(id);
  }
  return done;
}

const state = globalThis as unknown as { idleSweeper?: NodeJS.Timeout };

/** Starts the periodic sweep once per process (module copies in several bundles share globalThis). */
export function ensureIdleSweeper(): void {
  if (state.idleSweeper || process.env.IDLE_SWEEPER === "off") return;
  let running = false;
  state.idleSweeper = setInterval(() => {
    if (running) return;
    running = true;
    sweepIdleSessions()
      .then(async (done) => {
        // A full batch means more are due (e.g. after a restart): keep going until caught up.
        while (done.length === BATCH) done = await sweepIdleSessions();
      })
      .catch((error: unknown) => logger.warn("idle-session sweep failed", { error }))
      .finally(() => {
        running = false;
      });
  }, SWEEP_EVERY_MS);
  state.idleSweeper.unref();
}
