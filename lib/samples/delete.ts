import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Deletes a session's samples by time (trim, split): the third member, with read.ts and
 * write.ts, of the only code that knows the storage layout. Counters and summary are the
 * caller's to refresh (refreshSessionSummary), usually in the same transaction. The caller
 * holds the session row lock (`SELECT … FOR UPDATE`), like every writer of samples.
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
  // Stored times are whole milliseconds: "before t" is "up to t - 1 ms".
  if (range.before !== undefined) deleted += await deleteBetween(client, sessionId, null, range.before - 1);
  if (range.after !== undefined) deleted += await deleteBetween(client, sessionId, range.after + 1, null);
  if (range.between !== undefined) deleted += await deleteBetween(client, sessionId, range.between.fromMs, range.between.toMs);
  return deleted;
}

/** Deletes the samples in [loMs, hiMs] (null: unbounded), hot or packed. */
async function deleteBetween(client: Prisma.TransactionClient, sessionId: number, loMs: number | null, hiMs: number | null): Promise<number> {
  const lo = Prisma.sql`COALESCE(${loMs === null ? null : new Date(loMs)}::timestamptz, '-infinity')`;
  const hi = Prisma.sql`COALESCE(${hiMs === null ? null : new Date(hiMs)}::timestamptz, 'infinity')`;
  // Chunks wholly inside go as they are; the (at most two) reaching over an edge of the range
  // are unpacked, and their samples inside go with the hot rows. The compactor packs what
  // stays hot again once the session is quiet.
  const [whole] = await client.$queryRaw<{ n: number }[]>`
    WITH gone AS (
      DELETE FROM sample_chunks WHERE session_id = ${sessionId}::int AND first_time >= ${lo} AND last_time <= ${hi} RETURNING n
    )
    SELECT COALESCE(sum(n), 0)::int AS n FROM gone`;
  await client.$queryRaw`SELECT unpack_sample_chunks(${sessionId}::int, ${lo}, ${hi})`;
  const hot = await client.$executeRaw`DELETE FROM samples WHERE session_id = ${sessionId}::int AND time >= ${lo} AND time <= ${hi}`;
  return whole.n + hot;
}
