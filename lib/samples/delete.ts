import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Deletes a session's samples by time (trim, split): the third member, with read.ts and
 * write.ts, of the only code that knows the storage layout. Counters and summary are the
 * caller's to refresh (refreshSessionSummary), usually in the same transaction.
 */
export interface DeleteRange {
  /** Delete samples strictly before this instant (epoch ms). */
  before?: number;
  /** Delete samples strictly after this instant. */
  after?: number;
  /** Delete samples in [fromMs, toMs] (both inclusive). */
  between?: { fromMs: number; toMs: number };
}

export async function deleteSamples(sessionId: number, range: DeleteRange, client: Prisma.TransactionClient = db()): Promise<number> {
  let deleted = 0;
  if (range.before !== undefined) {
    deleted += await client.$executeRaw`DELETE FROM samples WHERE session_id = ${sessionId} AND time < ${new Date(range.before)}`;
  }
  if (range.after !== undefined) {
    deleted += await client.$executeRaw`DELETE FROM samples WHERE session_id = ${sessionId} AND time > ${new Date(range.after)}`;
  }
  if (range.between !== undefined) {
    deleted += await client.$executeRaw`
      DELETE FROM samples WHERE session_id = ${sessionId}
        AND time >= ${new Date(range.between.fromMs)} AND time <= ${new Date(range.between.toMs)}`;
  }
  return deleted;
}
