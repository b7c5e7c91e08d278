import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import {
  chunkRows,
  chunkSampleCount,
  chunksMeeting,
  type Columns,
  concat,
  exact,
  f4Start,
  f8Start,
  readChunk,
  rowAtOrAfter,
  rowAtOrBefore,
} from "@/lib/samples/chunk-sql";
import type { BucketAggregate, RawRow } from "@/lib/samples/downsample";

/**
 * Aggregating reads of stored samples for charts and maps, done in the database so that only
 * the answer travels (a 4 h 10 Hz session is 144,000 rows; a chart needs ~1,000 points). Like
 * lib/samples/read.ts, this is the only code besides the writers that knows the storage layout
 * (samples.values aligned with sessions.pid_keys); callers pass 1-based column positions.
 * Every read covers both layouts: hot rows (`samples`) and packed chunks (`sample_chunks`,
 * read through lib/samples/chunk-sql.ts); a sample is in exactly one of them, so the two
 * answers are combined, never deduplicated.
 */

export type { Columns };

export interface RangeProbe {
  /** Samples in the range, counted up to `limit` + 1 only (more is "more than limit"). */
  count: number;
  first: RawRow | null;
  last: RawRow | null;
}

const ts = (ms: number) => new Date(ms);

/** `ARRAY[values[i1], values[i2], …]`: the chosen columns of a row, in the caller's order. */
function picked(columns: Columns): Prisma.Sql {
  if (columns.length === 0) return Prisma.sql`ARRAY[]::float8[]`;
  return Prisma.sql`ARRAY[${Prisma.join(columns.map((c) => Prisma.sql`values[${c}::int]`))}]::float8[]`;
}

/**
 * The first and last sample in [fromMs, toMs], and whether more than `limit` lie between:
 * three short index scans, whatever the session's size (an exact count of a 4 h 10 Hz
 * session alone costs tens of milliseconds).
 */
export async function probeRange(sessionId: number, columns: Columns, fromMs: number, toMs: number, limit: number): Promise<RangeProbe> {
  const inRange = Prisma.sql`session_id = ${sessionId} AND time >= ${ts(fromMs)} AND time <= ${ts(toMs)}`;
  const hot = db().$queryRaw<{ n: number; time: Date | null; vals: (number | null)[] | null }[]>`
    WITH counted AS (SELECT count(*)::int AS n FROM (SELECT 1 FROM samples WHERE ${inRange} LIMIT ${limit + 1}::int) x)
    SELECT counted.n, e.time, e.vals FROM counted LEFT JOIN LATERAL (
      (SELECT time, ${picked(columns)} AS vals FROM samples WHERE ${inRange} ORDER BY time LIMIT 1)
      UNION
      (SELECT time, ${picked(columns)} AS vals FROM samples WHERE ${inRange} ORDER BY time DESC LIMIT 1)
    ) e ON true
    ORDER BY e.time`;
  // Packed: whole chunks count by their n; the first and last sample are in the first and last
  // chunk that meets the range (chunks never overlap), so only those two are decoded.
  const meeting = chunksMeeting(sessionId, fromMs, toMs);
  const inChunk = (order: Prisma.Sql) => Prisma.sql`
    SELECT r.ms::float8 AS ms, ${pickedExact(columns, "r.")} AS vals
    FROM (${chunkRows(columns, Prisma.sql`SELECT * FROM (${meeting}) m ORDER BY first_time ${order} LIMIT 1`)}) r
    WHERE r.ms >= ${fromMs}::bigint AND r.ms <= ${toMs}::bigint ORDER BY r.ms ${order} LIMIT 1`;
  const packed = db().$queryRaw<{ n: number; ms: number | null; vals: (number | null)[] | null }[]>`
    SELECT (${chunkSampleCount(sessionId, fromMs, toMs)})::int AS n, e.ms, e.vals
    FROM (SELECT 1) one LEFT JOIN LATERAL ((${inChunk(Prisma.sql`ASC`)}) UNION ALL (${inChunk(Prisma.sql`DESC`)})) e ON true`;
  const [hotRows, packedRows] = await Promise.all([hot, packed]);
  const found = [
    ...hotRows.filter((r) => r.time !== null).map((r) => ({ time: r.time!.getTime(), values: r.vals ?? [] })),
    ...packedRows.filter((r) => r.ms !== null).map((r) => ({ time: r.ms!, values: r.vals ?? [] })),
  ].sort((a, b) => a.time - b.time);
  const count = Math.min(limit + 1, (hotRows[0]?.n ?? 0) + (packedRows[0]?.n ?? 0));
  return { count, first: found[0] ?? null, last: found.at(-1) ?? null };
}

/** `ARRAY[exact(v0), …]`: the chosen columns of a chunkRows() row, as the phone sent them. */
function pickedExact(columns: Columns, alias: string): Prisma.Sql {
  if (columns.length === 0) return Prisma.sql`ARRAY[]::float8[]`;
  return Prisma.sql`ARRAY[${Prisma.join(columns.map((_, i) => exact(i, alias)))}]::float8[]`;
}

/** Every sample in the range, only the chosen columns (callers bound the count first). */
export async function rawRows(sessionId: number, columns: Columns, fromMs: number, toMs: number): Promise<RawRow[]> {
  const rows = await db().$queryRaw<{ ms: number; vals: (number | null)[] }[]>`
    SELECT (extract(epoch FROM time) * 1000)::float8 AS ms, ${picked(columns)} AS vals FROM samples
    WHERE session_id = ${sessionId} AND time >= ${ts(fromMs)} AND time <= ${ts(toMs)}
    UNION ALL
    SELECT r.ms::float8, ${pickedExact(columns, "r.")} FROM (${chunkRows(columns, chunksMeeting(sessionId, fromMs, toMs))}) r
    WHERE r.ms >= ${fromMs}::bigint AND r.ms <= ${toMs}::bigint
    ORDER BY 1`;
  return rows.map((r) => ({ time: r.ms, values: r.vals }));
}

/** The range cut into buckets, and the samples kept raw at its ends (strictly between them are bucketed). */
export interface BucketRange {
  fromMs: number;
  toMs: number;
  afterMs: number;
  beforeMs: number;
}

/**
 * Min and max of each chosen column per time bucket, for samples strictly between `after` and
 * `before` (the range's first and last samples are kept raw by the caller). Bucket i holds the
 * instants ms with floor((ms - fromMs) * n / (toMs - fromMs + 1)) = i, exactly
 * lib/samples/downsample.ts's bucketIndex; each bucket is one index range scan and a plain
 * aggregate (a GROUP BY over a time expression makes the planner sort every row to disk).
 */
export async function bucketAggregates(
  sessionId: number,
  columns: Columns,
  range: BucketRange,
  n: number,
): Promise<BucketAggregate[]> {
  const span = range.toMs - range.fromMs + 1;
  // Each value is taken out of its array once per row (the costly part), then aggregated twice.
  const v = (i: number) => Prisma.raw(`v${i}`);
  const projected = columns.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(columns.map((c, i) => Prisma.sql`values[${c}::int] AS ${v(i)}`))}`;
  const each = (fn: string) =>
    columns.length === 0 ? Prisma.sql`ARRAY[]::float8[]` : Prisma.sql`ARRAY[${Prisma.join(columns.map((_, i) => Prisma.sql`${Prisma.raw(fn)}(${v(i)})`))}]::float8[]`;
  // First ms of bucket i: fromMs + ceil(i * span / n), in bigint arithmetic.
  const start = (i: Prisma.Sql) =>
    Prisma.sql`TIMESTAMPTZ 'epoch' + (${range.fromMs}::bigint + (${i} * ${span}::bigint + ${n - 1}::bigint) / ${n}::bigint) * INTERVAL '1 millisecond'`;
  const hot = db().$queryRaw<{ i: number; f: Date; l: Date; n: number; mins: (number | null)[]; maxs: (number | null)[] }[]>`
    SELECT g.i, a.f, a.l, a.n, a.mins, a.maxs
    FROM generate_series(0, ${n - 1}::int) AS g(i)
    CROSS JOIN LATERAL (
      SELECT min(t) AS f, max(t) AS l, count(*)::int AS n, ${each("min")} AS mins, ${each("max")} AS maxs
      FROM (
        SELECT time AS t ${projected} FROM samples
        WHERE session_id = ${sessionId}
          AND time >= ${start(Prisma.sql`g.i::bigint`)} AND time < ${start(Prisma.sql`(g.i + 1)::bigint`)}
          AND time > ${ts(range.afterMs)} AND time < ${ts(range.beforeMs)}
        OFFSET 0
      ) s
    ) a
    WHERE a.n > 0
      -- One probe first: a packed session has no hot rows, and 500 empty range scans cost ~5 ms.
      AND EXISTS (SELECT 1 FROM samples WHERE session_id = ${sessionId} AND time > ${ts(range.afterMs)} AND time < ${ts(range.beforeMs)})
    ORDER BY g.i`;
  const [hotRows, packed] = await Promise.all([hot, packedBucketAggregates(sessionId, columns, range, n)]);
  const buckets = hotRows.map((r) => ({ index: r.i, firstMs: r.f.getTime(), lastMs: r.l.getTime(), count: r.n, min: r.mins, max: r.maxs }));
  return combineBuckets(buckets, packed);
}

/**
 * bucketAggregates over the packed samples, without decoding a chunk into rows: for each chunk
 * and each bucket it reaches, the bucket's rows are found by binary search over the chunk's
 * time offsets (width_bucket: how many offsets are ≤ x), and only those rows of the chosen
 * columns are unnested and aggregated. Min/max are taken on the stored float4/float8 values
 * (widening keeps their order) and only the winners are turned into the numbers the phone sent.
 * Same buckets as the hot query: bucket i holds [start(i), start(i + 1)).
 */
async function packedBucketAggregates(
  sessionId: number,
  columns: Columns,
  range: BucketRange,
  n: number,
): Promise<BucketAggregate[]> {
  const span = range.toMs - range.fromMs + 1;
  const name = (text: string) => Prisma.raw(text);
  const bucketOf = (ms: Prisma.Sql) => Prisma.sql`((${ms}) - ${range.fromMs}::bigint) * ${n}::bigint / ${span}::bigint`;
  const start = (i: Prisma.Sql) => Prisma.sql`(${range.fromMs}::bigint + ((${i}) * ${span}::bigint + ${n - 1}::bigint) / ${n}::bigint)`;
  // This chunk's part of the open range (after, before), in epoch ms.
  const lo = Prisma.sql`greatest(d.first_ms, ${range.afterMs + 1}::bigint)`;
  const hi = Prisma.sql`least(d.last_ms, ${range.beforeMs - 1}::bigint)`;
  // The chunk's rows in bucket b.i: from the first at or after its start, to the last before the next bucket's.
  const rowsOfBucket = Prisma.sql`
    SELECT b.i, ${rowAtOrAfter(Prisma.sql`greatest(${start(Prisma.sql`b.i`)}, ${lo})`)} AS lo,
           ${rowAtOrBefore(Prisma.sql`least(${start(Prisma.sql`b.i + 1`)} - 1, ${hi})`)} AS hi
    FROM generate_series(${bucketOf(lo)}, ${bucketOf(hi)}) AS b(i)`;
  // Min and max of each chosen column over the bucket's rows: from the float4 slice when the
  // column is float4 in this chunk, else from the float8 one. Charted PIDs are nearly always
  // float4 (GPS is the usual float8), so a chunk where all of them are gets a query with one
  // unnest per column, without the float8 half (~20% of this query's time).
  const slice4 = (i: number) => Prisma.sql`unnest(d.f4[${f4Start(i)} + w.lo : ${f4Start(i)} + w.hi]) AS ${name(`a${i}`)}`;
  const slice8 = (i: number) => Prisma.sql`unnest(d.f8[${f8Start(i)} + w.lo : ${f8Start(i)} + w.hi]) AS ${name(`b${i}`)}`;
  const exact4 = (fn: "min" | "max", i: number) => Prisma.sql`${name(fn)}(u.${name(`a${i}`)})::text::float8`;
  const pair = (fn: "min" | "max", i: number, mixed: boolean) =>
    Prisma.sql`, ${mixed ? Prisma.sql`COALESCE(${name(fn)}(u.${name(`b${i}`)}), ${exact4(fn, i)})` : exact4(fn, i)} AS ${name(`${fn}${i}`)}`;
  const extremes = (mixed: boolean) => {
    const unnested = columns.map((_, i) => (mixed ? Prisma.sql`, ${slice4(i)}, ${slice8(i)}` : Prisma.sql`, ${slice4(i)}`));
    const aggregates = columns.map((_, i) => Prisma.sql`${pair("min", i, mixed)}${pair("max", i, mixed)}`);
    return Prisma.sql`SELECT 1 AS one ${concat(aggregates)} FROM (SELECT 1 AS one ${concat(unnested)}) u`;
  };
  const onlyF4 = columns.length === 0 ? Prisma.sql`true` : Prisma.sql`NOT (c.f8_cols && ${columns}::smallint[])`;
  const each = (fn: "min" | "max") =>
    columns.length === 0 ? Prisma.sql`ARRAY[]::float8[]` : Prisma.sql`ARRAY[${Prisma.join(columns.map((_, i) => Prisma.sql`${name(fn)}(a.${name(`${fn}${i}`)})`))}]::float8[]`;
  const rows = await db().$queryRaw<{ i: number; f: number; l: number; n: number; mins: (number | null)[]; maxs: (number | null)[] }[]>`
    SELECT w.i::int AS i, min(d.first_ms + d.offsets[w.lo])::float8 AS f, max(d.first_ms + d.offsets[w.hi])::float8 AS l,
           sum(w.hi - w.lo + 1)::int AS n, ${each("min")} AS mins, ${each("max")} AS maxs
    FROM (${chunksMeeting(sessionId, range.afterMs, range.beforeMs)}) c
    ${readChunk(columns)}
    CROSS JOIN LATERAL (SELECT * FROM (${rowsOfBucket}) r WHERE r.hi >= r.lo) w
    CROSS JOIN LATERAL ((${extremes(false)} HAVING ${onlyF4}) UNION ALL (${extremes(true)} HAVING NOT ${onlyF4})) a
    GROUP BY w.i
    ORDER BY w.i`;
  return rows.map((r) => ({ index: r.i, firstMs: r.f, lastMs: r.l, count: r.n, min: r.mins, max: r.maxs }));
}

/** Buckets of both layouts merged (sorted by index): min of mins, max of maxes, counts added. */
function combineBuckets(a: BucketAggregate[], b: BucketAggregate[]): BucketAggregate[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const byIndex = new Map(a.map((x) => [x.index, x]));
  for (const y of b) {
    const x = byIndex.get(y.index);
    if (!x) {
      byIndex.set(y.index, y);
      continue;
    }
    const pick = (p: number | null, q: number | null, fn: (u: number, v: number) => number) => (p === null ? q : q === null ? p : fn(p, q));
    byIndex.set(y.index, {
      index: y.index,
      firstMs: Math.min(x.firstMs, y.firstMs),
      lastMs: Math.max(x.lastMs, y.lastMs),
      count: x.count + y.count,
      min: x.min.map((v, i) => pick(v, y.min[i], Math.min)),
      max: x.max.map((v, i) => pick(v, y.max[i], Math.max)),
    });
  }
  return [...byIndex.values()].sort((p, q) => p.index - q.index);
}
