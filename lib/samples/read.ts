import "server-only";
import { db } from "@/lib/db/client";

/**
 * The one way to read stored samples. Callers get rows aligned to the session's PID column list
 * and never see the storage layout, so the layout can change (see the performance issue)
 * without touching exports, charts or the API.
 */
export interface SampleBatch {
  /** PID keys, the column order of every `values` array in this batch. */
  keys: string[];
  rows: { time: number; values: (number | null)[] }[];
}

export interface SampleRange {
  fromMs?: number;
  toMs?: number;
}

export async function sessionPidKeys(sessionId: number): Promise<string[]> {
  const session = await db().session.findUnique({ where: { id: sessionId }, select: { pidKeys: true } });
  return session?.pidKeys ?? [];
}

const toDate = (ms: number) => new Date(ms);

/**
 * Streams a session's samples in time order, `batchSize` rows per batch, by keyset pagination
 * (no long-lived cursor or transaction; memory stays one batch).
 */
export async function* iterateSamples(
  sessionId: number,
  range: SampleRange = {},
  batchSize = 5000,
): AsyncGenerator<SampleBatch> {
  const keys = await sessionPidKeys(sessionId);
  // Times are whole milliseconds, so "after from-1 ms" is "from on, inclusive".
  let after = range.fromMs !== undefined ? toDate(range.fromMs - 1) : new Date(Date.UTC(1970, 0, 1));
  const until = range.toMs !== undefined ? toDate(range.toMs) : new Date(Date.UTC(9999, 0, 1));
  for (;;) {
    const rows = await db().$queryRaw<{ time: Date; values: (number | null)[] | null }[]>`
      SELECT time, values FROM samples
      WHERE session_id = ${sessionId} AND time > ${after} AND time <= ${until}
      ORDER BY time LIMIT ${batchSize}`;
    if (rows.length === 0) return;
    yield {
      keys,
      rows: rows.map((r) => {
        const values = r.values ?? [];
        // Older samples were written before later PIDs joined the column list: pad with nulls.
        const aligned = values.length >= keys.length ? values.slice(0, keys.length) : [...values, ...new Array<null>(keys.length - values.length).fill(null)];
        return { time: r.time.getTime(), values: aligned };
      }),
    };
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].time;
  }
}

/** All samples of a session in memory: for small sessions and tests only; exports stream. */
export async function readAllSamples(sessionId: number, range: SampleRange = {}): Promise<SampleBatch> {
  const out: SampleBatch = { keys: await sessionPidKeys(sessionId), rows: [] };
  for await (const batch of iterateSamples(sessionId, range)) out.rows.push(...batch.rows);
  return out;
}
