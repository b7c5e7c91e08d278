import "server-only";
import { db, pool } from "@/lib/db/client";

/**
 * The one way to read stored samples. Callers get rows aligned to the session's PID column list
 * and never see the storage layout: recent samples are hot rows in `samples`, older ones packed
 * into `sample_chunks` (column-major float4/float8 arrays, see migration
 * 20261204175000_sample_storage); this module merges both, in time order.
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

interface ChunkRow {
  first_time: Date;
  last_time: Date;
  n: number;
  time_deltas: number[];
  f8_cols: number[];
  f4: (number | null)[];
  f8: (number | null)[];
}

type Row = { time: number; values: (number | null)[] };

/** A chunk back into rows. f4 arrive as the shortest decimal of each float4 (PostgreSQL's
 * default extra_float_digits = 1), i.e. exactly the number the phone sent. */
export function decodeChunk(chunk: ChunkRow): Row[] {
  const n = chunk.n;
  const ncols = (chunk.f4.length + chunk.f8.length) / n;
  const source: { array: (number | null)[]; offset: number }[] = [];
  const f8 = new Set(chunk.f8_cols);
  let p4 = 0;
  let p8 = 0;
  for (let k = 1; k <= ncols; k++) source.push(f8.has(k) ? { array: chunk.f8, offset: n * p8++ } : { array: chunk.f4, offset: n * p4++ });
  const rows: Row[] = new Array(n);
  let time = chunk.first_time.getTime();
  for (let r = 0; r < n; r++) {
    time += chunk.time_deltas[r];
    const values: (number | null)[] = new Array(ncols);
    for (let k = 0; k < ncols; k++) values[k] = source[k].array[source[k].offset + r];
    rows[r] = { time, values };
  }
  return rows;
}

function align(values: (number | null)[], width: number): (number | null)[] {
  // Older samples were written before later PIDs joined the column list: pad with nulls.
  if (values.length === width) return values;
  return values.length > width ? values.slice(0, width) : [...values, ...new Array<null>(width - values.length).fill(null)];
}

const CHUNKS_PER_ROUND = 8;
/** 9999-12-31T23:59:59.999Z: "no upper bound" that PostgreSQL still accepts. */
const LAST_MS = 253402300799999;

/**
 * Streams a session's samples in time order, at most `batchSize` rows per batch, by keyset
 * pagination (no long-lived cursor or transaction; memory stays a few chunks plus one batch).
 */
export async function* iterateSamples(sessionId: number, range: SampleRange = {}, batchSize = 5000): AsyncGenerator<SampleBatch> {
  const keys = await sessionPidKeys(sessionId);
  // Times are whole milliseconds: "after from-1 ms" is "from on, inclusive".
  let after = range.fromMs !== undefined ? range.fromMs - 1 : 0;
  const until = Math.min(range.toMs ?? LAST_MS, LAST_MS);
  let pending: Row[] = [];
  for (;;) {
    // The next few chunks after the cursor, and the hot rows up to where those chunks end.
    const { rows: chunks } = await pool().query<ChunkRow>(
      `SELECT first_time, last_time, n, time_deltas, f8_cols, f4, f8 FROM sample_chunks
       WHERE session_id = $1 AND last_time > $2 AND first_time <= $3 ORDER BY first_time LIMIT ${CHUNKS_PER_ROUND}`,
      [sessionId, new Date(after), new Date(until)],
    );
    let windowEnd = chunks.length === CHUNKS_PER_ROUND ? chunks[chunks.length - 1].last_time.getTime() : until;
    windowEnd = Math.min(windowEnd, until);
    const { rows: hot } = await pool().query<{ time: Date; values: (number | null)[] | null }>(
      `SELECT time, values FROM samples WHERE session_id = $1 AND time > $2 AND time <= $3 ORDER BY time LIMIT $4`,
      [sessionId, new Date(after), new Date(windowEnd), batchSize],
    );
    if (hot.length === batchSize) windowEnd = hot[hot.length - 1].time.getTime();

    const merged: Row[] = hot.map((r) => ({ time: r.time.getTime(), values: r.values ?? [] }));
    for (const chunk of chunks) for (const row of decodeChunk(chunk)) if (row.time > after && row.time <= windowEnd) merged.push(row);
    if (chunks.length > 0 && hot.length > 0) merged.sort((a, b) => a.time - b.time);
    pending.push(...merged.map((r) => ({ time: r.time, values: align(r.values, keys.length) })));
    while (pending.length >= batchSize) {
      yield { keys, rows: pending.slice(0, batchSize) };
      pending = pending.slice(batchSize);
    }
    if (windowEnd >= until) break;
    after = windowEnd;
  }
  if (pending.length > 0) yield { keys, rows: pending };
}

/** All samples of a session in memory: for small sessions and tests only; exports stream. */
export async function readAllSamples(sessionId: number, range: SampleRange = {}): Promise<SampleBatch> {
  const out: SampleBatch = { keys: await sessionPidKeys(sessionId), rows: [] };
  for await (const batch of iterateSamples(sessionId, range)) out.rows.push(...batch.rows);
  return out;
}

/** Samples stored for a session, counted in the storage itself. */
export async function countStoredSamples(sessionId: number): Promise<number> {
  const { rows } = await pool().query<{ n: string }>("SELECT stored_sample_count($1) AS n", [sessionId]);
  return Number(rows[0].n);
}
