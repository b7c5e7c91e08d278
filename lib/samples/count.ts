import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { chunkRows, chunkSampleCount, chunksMeeting } from "@/lib/samples/chunk-sql";

/**
 * How many samples a session stores in a time range, and the first one's time, whatever the
 * layout (hot rows and packed chunks): for edits that check a range before changing it.
 * Whole chunks count by their size; only chunks reaching over an edge are decoded.
 */
export interface SampleExtent {
  count: number;
  /** Time of the first sample in the range (epoch ms), null when there is none. */
  firstMs: number | null;
}

export async function sampleExtent(
  sessionId: number,
  range: { fromMs?: number; toMs?: number },
  client: Prisma.TransactionClient = db(),
): Promise<SampleExtent> {
  const loMs = range.fromMs ?? null;
  const hiMs = range.toMs ?? null;
  const lo = Prisma.sql`COALESCE(${loMs === null ? null : new Date(loMs)}::timestamptz, '-infinity')`;
  const hi = Prisma.sql`COALESCE(${hiMs === null ? null : new Date(hiMs)}::timestamptz, 'infinity')`;
  const firstChunk = Prisma.sql`SELECT * FROM (${chunksMeeting(sessionId, loMs, hiMs)}) m ORDER BY first_time LIMIT 1`;
  const [row] = await client.$queryRaw<{ n: number; first: number | null }[]>`
    SELECT ((SELECT count(*) FROM samples WHERE session_id = ${sessionId}::int AND time >= ${lo} AND time <= ${hi})
            + ${chunkSampleCount(sessionId, loMs, hiMs)})::int AS n,
           LEAST(
             (SELECT (extract(epoch FROM min(time)) * 1000)::float8 FROM samples WHERE session_id = ${sessionId}::int AND time >= ${lo} AND time <= ${hi}),
             (SELECT min(r.ms)::float8 FROM (${chunkRows([], firstChunk)}) r
              WHERE r.ms >= COALESCE(${loMs}::bigint, -9223372036854775807) AND r.ms <= COALESCE(${hiMs}::bigint, 9223372036854775807))
           ) AS first`;
  return { count: row.n, firstMs: row.first };
}
