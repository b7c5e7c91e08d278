import "server-only";
import { pool } from "@/lib/db/client";
import { elementCount, parseIntegerArrayText, rowBlock, scanArrayText, type TextBlock, type TextRow } from "./array-text";

/**
 * The one way to read stored samples. Callers get rows aligned to the session's PID column list
 * and never see the storage layout: recent samples are hot rows in `samples`, older ones packed
 * into `sample_chunks` (column-major float4/float8 arrays, see migration
 * 20261204175000_sample_storage); this module merges both, in time order. Values come as
 * numbers (iterateSamples) or located in the database's decimal text (iterateSampleText, for
 * exports; its rows are not padded: a column past a row's block width is absent).
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

/** The session's PID column list (empty for an unknown session). Raw SQL: read once per exported file. */
export async function sessionPidKeys(sessionId: number): Promise<string[]> {
  const { rows } = await pool().query<{ pid_keys: string[] }>("SELECT pid_keys FROM sessions WHERE id = $1", [sessionId]);
  return rows[0]?.pid_keys ?? [];
}

interface ChunkRow<V = number | null> {
  first_time: Date;
  last_time: Date;
  n: number;
  /** Milliseconds from first_time, one per sample. */
  time_offsets: number[];
  f8_cols: number[];
  f4: V[];
  f8: V[];
}

type Row<V = number | null> = { time: number; values: V[] };

/** A chunk as the query hands it over, before its value arrays are decoded. */
type RawChunk = Omit<ChunkRow, "f4" | "f8" | "time_offsets"> & { f4: unknown; f8: unknown; time_offsets: string };

/** Where each column of a chunk is: in `f8` or `f4`, from which element on (its n values follow). */
function chunkColumns(chunk: { n: number; f8_cols: number[] }, ncols: number): { f8: boolean; offset: number }[] {
  const f8 = new Set(chunk.f8_cols);
  const columns: { f8: boolean; offset: number }[] = [];
  let p4 = 0;
  let p8 = 0;
  for (let k = 1; k <= ncols; k++) columns.push(f8.has(k) ? { f8: true, offset: chunk.n * p8++ } : { f8: false, offset: chunk.n * p4++ });
  return columns;
}

/** A chunk back into rows. f4 arrive as the shortest decimal of each float4 (PostgreSQL's
 * default extra_float_digits = 1), i.e. exactly the number the phone sent. */
function decodeChunk<V = number | null>(chunk: ChunkRow<V>): Row<V>[] {
  const n = chunk.n;
  const ncols = (chunk.f4.length + chunk.f8.length) / n;
  const source = chunkColumns(chunk, ncols).map((c) => ({ array: c.f8 ? chunk.f8 : chunk.f4, offset: c.offset }));
  const rows: Row<V>[] = new Array(n);
  const first = chunk.first_time.getTime();
  for (let r = 0; r < n; r++) {
    const time = first + chunk.time_offsets[r];
    const values: V[] = new Array(ncols);
    for (let k = 0; k < ncols; k++) values[k] = source[k].array[source[k].offset + r];
    rows[r] = { time, values };
  }
  return rows;
}

/** A chunk as text rows: one block for all of them, nothing copied out of its arrays' text. */
function textChunkRows(chunk: RawChunk): TextRow[] {
  const n = chunk.n;
  const f4 = scanArrayText(chunk.f4 as string | null);
  const f8 = scanArrayText(chunk.f8 as string | null);
  const columns = chunkColumns(chunk, (elementCount(f4) + elementCount(f8)) / n);
  const block: TextBlock = {
    arrays: columns.map((c) => (c.f8 ? f8 : f4)),
    base: Int32Array.from(columns, (c) => c.offset),
    stride: 1,
    width: columns.length,
    longest: Math.max(f4.longest, f8.longest),
  };
  const rows: TextRow[] = new Array(n);
  const first = chunk.first_time.getTime();
  const offsets = parseIntegerArrayText(chunk.time_offsets);
  for (let r = 0; r < n; r++) rows[r] = { time: first + offsets[r], block, r };
  return rows;
}

function align<V>(values: V[], width: number): (V | null)[] {
  // Older samples were written before later PIDs joined the column list: pad with nulls.
  if (values.length === width) return values;
  return values.length > width ? values.slice(0, width) : [...values, ...new Array<null>(width - values.length).fill(null)];
}

/**
 * One chunk (≤ 600 samples) per round: what a round decodes is written out within ~40 ms and
 * dies young. Eight per round (4,800 rows alive for ~0.3 s) were promoted to the old
 * generation: +55 MB of peak RSS in a 1,000-session export, and with a heap limit many more
 * full GCs (bench/README.md, "Export memory"). The extra queries cost nothing measurable.
 */
const CHUNKS_PER_ROUND = 1;
/** 9999-12-31T23:59:59.999Z: "no upper bound" that PostgreSQL still accepts. */
const LAST_MS = 253402300799999;

/** How value arrays are fetched and turned into rows: as numbers, or located in their decimal text. */
interface Decoder<R extends { time: number }> {
  /** SQL for the hot rows' `values` and the chunks' `f4`, `f8`. */
  values: string;
  f4: string;
  f8: string;
  hot(time: number, values: unknown, width: number): R;
  chunk(chunk: RawChunk, width: number): R[];
}

const NUMBERS: Decoder<Row<number | null>> = {
  values: "values",
  f4: "f4",
  f8: "f8",
  hot: (time, values, width) => ({ time, values: align((values as (number | null)[] | null) ?? [], width) }),
  chunk: (chunk, width) => {
    const rows = decodeChunk({ ...chunk, time_offsets: parseIntegerArrayText(chunk.time_offsets), f4: chunk.f4 as (number | null)[], f8: chunk.f8 as (number | null)[] });
    // The rows were made just above: aligned in place, not copied.
    for (const row of rows) row.values = align(row.values, width);
    return rows;
  },
};

/** Text rows are not aligned: a value past a row's block width reads as absent. */
const TEXT: Decoder<TextRow> = {
  values: "values::text AS values",
  f4: "f4::text AS f4",
  f8: "f8::text AS f8",
  hot: (time, values) => ({ time, block: rowBlock(scanArrayText(values as string | null)), r: 0 }),
  chunk: textChunkRows,
};

/**
 * Streams a session's samples in time order, at most `batchSize` rows per batch, by keyset
 * pagination (no long-lived cursor or transaction; memory stays a few chunks plus one batch).
 */
async function* iterateStored<R extends { time: number }>(
  sessionId: number,
  range: SampleRange,
  batchSize: number,
  decoder: Decoder<R>,
  knownKeys?: string[],
): AsyncGenerator<{ keys: string[]; rows: R[] }> {
  const keys = knownKeys ?? (await sessionPidKeys(sessionId));
  // Times are whole milliseconds: "after from-1 ms" is "from on, inclusive".
  let after = range.fromMs !== undefined ? range.fromMs - 1 : 0;
  const until = Math.min(range.toMs ?? LAST_MS, LAST_MS);
  let pending: R[] = [];
  for (;;) {
    // The next few chunks after the cursor, and the hot rows up to where those chunks end.
    const { rows: chunks } = await pool().query<RawChunk>(
      `SELECT first_time, last_time, n, time_offsets::text AS time_offsets, f8_cols, ${decoder.f4}, ${decoder.f8} FROM sample_chunks
       WHERE session_id = $1 AND last_time > $2 AND first_time <= $3 ORDER BY first_time LIMIT ${CHUNKS_PER_ROUND}`,
      [sessionId, new Date(after), new Date(until)],
    );
    let windowEnd = chunks.length === CHUNKS_PER_ROUND ? chunks[chunks.length - 1].last_time.getTime() : until;
    windowEnd = Math.min(windowEnd, until);
    const { rows: hot } = await pool().query<{ time: Date; values: unknown }>(
      `SELECT time, ${decoder.values} FROM samples WHERE session_id = $1 AND time > $2 AND time <= $3 ORDER BY time LIMIT $4`,
      [sessionId, new Date(after), new Date(windowEnd), batchSize],
    );
    if (hot.length === batchSize) windowEnd = hot[hot.length - 1].time.getTime();

    const merged: R[] = hot.map((r) => decoder.hot(r.time.getTime(), r.values, keys.length));
    for (const chunk of chunks) {
      for (const row of decoder.chunk(chunk, keys.length)) if (row.time > after && row.time <= windowEnd) merged.push(row);
    }
    if (chunks.length > 0 && hot.length > 0) merged.sort((x, y) => x.time - y.time);
    for (const row of merged) pending.push(row);
    while (pending.length >= batchSize) {
      yield { keys, rows: pending.slice(0, batchSize) };
      pending = pending.slice(batchSize);
    }
    if (windowEnd >= until) break;
    after = windowEnd;
  }
  if (pending.length > 0) yield { keys, rows: pending };
}

export function iterateSamples(sessionId: number, range: SampleRange = {}, batchSize = 5000): AsyncGenerator<SampleBatch> {
  return iterateStored(sessionId, range, batchSize, NUMBERS);
}

/** A batch as decimal text: row values located in the database's text (see array-text.ts), in `keys` order. */
export interface SampleTextBatch {
  keys: string[];
  rows: TextRow[];
}

/**
 * Like iterateSamples, but each value arrives as the database's own shortest round-trip decimal
 * text ("37.7598", "1e-05"), which Number() reads back to exactly the stored number, located
 * in place (array-text.ts): an export copies the characters into its file, with no parse,
 * format or string per value. The next batch is read while the caller works on the
 * current one, so the database and the caller run in parallel; stopping the iteration
 * (return/break) issues no query after the one already in flight. `keys`: the session's PID
 * list when the caller has it already (an export loads it with the session), saving a query.
 */
export async function* iterateSampleText(
  sessionId: number,
  range: SampleRange = {},
  options: { batchSize?: number; keys?: string[] } = {},
): AsyncGenerator<SampleTextBatch> {
  yield* prefetched(iterateStored(sessionId, range, options.batchSize ?? 1000, TEXT, options.keys));
}

/** Asks `source` for its next item as soon as the current one is handed out (one item ahead). */
async function* prefetched<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const item = await next;
      if (item.done) return;
      next = source.next();
      // If the caller stops now, this read settles unobserved: never an unhandled rejection.
      next.catch(() => undefined);
      yield item.value;
    }
  } finally {
    await source.return(undefined);
  }
}

/** All samples of a session in memory: for small sessions and tests only; exports stream. */
export async function readAllSamples(sessionId: number, range: SampleRange = {}): Promise<SampleBatch> {
  const out: SampleBatch = { keys: await sessionPidKeys(sessionId), rows: [] };
  for await (const batch of iterateStored(sessionId, range, 5000, NUMBERS, out.keys)) out.rows.push(...batch.rows);
  return out;
}

/** Samples stored for a session, counted in the storage itself. */
export async function countStoredSamples(sessionId: number): Promise<number> {
  const { rows } = await pool().query<{ n: string }>("SELECT stored_sample_count($1) AS n", [sessionId]);
  return Number(rows[0].n);
}
