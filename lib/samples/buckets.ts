import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import type { BucketAggregate, RawRow } from "@/lib/samples/downsample";

/**
 * Aggregating reads of stored samples for charts and maps, done in the database so that only
 * the answer travels (a 4 h 10 Hz session is 144,000 rows; a chart needs ~1,000 points). Like
 * lib/samples/read.ts, this is the only code besides the writers that knows the storage layout
 * (samples.values aligned with sessions.pid_keys); callers pass 1-based column positions.
 */

/** Column positions (1-based, as in sessions.pid_keys) of the series to read. */
export type Columns = number[];

export interface RangeStats {
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

/** How many samples lie in [fromMs, toMs], and the first and last of them. */
export async function rangeStats(sessionId: number, columns: Columns, fromMs: number, toMs: number): Promise<RangeStats> {
  const rows = await db().$queryRaw<{ n: number; time: Date | null; vals: (number | null)[] | null }[]>`
    WITH r AS (
      SELECT count(*)::int AS n, min(time) AS f, max(time) AS l FROM samples
      WHERE session_id = ${sessionId} AND time >= ${ts(fromMs)} AND time <= ${ts(toMs)}
    )
    SELECT r.n, s.time, s.vals FROM r LEFT JOIN LATERAL (
      SELECT time, ${picked(columns)} AS vals FROM samples
      WHERE session_id = ${sessionId} AND time IN (r.f, r.l)
    ) s ON true
    ORDER BY s.time`;
  const found = rows.filter((r) => r.time !== null).map((r) => ({ time: r.time!.getTime(), values: r.vals ?? [] }));
  return { count: rows[0]?.n ?? 0, first: found[0] ?? null, last: found.at(-1) ?? null };
}

/** Every sample in the range, only the chosen columns (callers bound the count first). */
export async function rawRows(sessionId: number, columns: Columns, fromMs: number, toMs: number): Promise<RawRow[]> {
  const rows = await db().$queryRaw<{ time: Date; vals: (number | null)[] }[]>`
    SELECT time, ${picked(columns)} AS vals FROM samples
    WHERE session_id = ${sessionId} AND time >= ${ts(fromMs)} AND time <= ${ts(toMs)}
    ORDER BY time`;
  return rows.map((r) => ({ time: r.time.getTime(), values: r.vals }));
}

/**
 * Min, max and trend of each chosen column per time bucket, for samples strictly between
 * `after` and `before` (the range's first and last samples are kept raw by the caller). The
 * bucket of a sample is `((ms - fromMs) * n) / (toMs - fromMs + 1)` in integers, exactly
 * lib/samples/downsample.ts's bucketIndex.
 */
export async function bucketAggregates(
  sessionId: number,
  columns: Columns,
  range: { fromMs: number; toMs: number; afterMs: number; beforeMs: number },
  n: number,
): Promise<BucketAggregate[]> {
  const span = range.toMs - range.fromMs + 1;
  const each = (fn: (c: Prisma.Sql) => Prisma.Sql) =>
    columns.length === 0 ? Prisma.sql`ARRAY[]::float8[]` : Prisma.sql`ARRAY[${Prisma.join(columns.map((c) => fn(Prisma.sql`values[${c}::int]`)))}]::float8[]`;
  const rows = await db().$queryRaw<
    { b: bigint; f: Date; l: Date; n: number; mins: (number | null)[]; maxs: (number | null)[]; slopes: (number | null)[] }[]
  >`
    SELECT b, min(time) AS f, max(time) AS l, count(*)::int AS n,
           ${each((v) => Prisma.sql`min(${v})`)} AS mins,
           ${each((v) => Prisma.sql`max(${v})`)} AS maxs,
           ${each((v) => Prisma.sql`regr_slope(${v}, x)`)} AS slopes
    FROM (
      SELECT time, values, date_part('epoch', time) AS x,
             LEAST(${n - 1}::bigint, ((round(date_part('epoch', time) * 1000)::bigint - ${range.fromMs}::bigint) * ${n}::bigint) / ${span}::bigint) AS b
      FROM samples
      WHERE session_id = ${sessionId} AND time > ${ts(range.afterMs)} AND time < ${ts(range.beforeMs)}
    ) s
    GROUP BY b ORDER BY b`;
  return rows.map((r) => ({
    index: Number(r.b),
    firstMs: r.f.getTime(),
    lastMs: r.l.getTime(),
    count: r.n,
    min: r.mins,
    max: r.maxs,
    slope: r.slopes,
  }));
}

export interface TrackRow {
  time: number;
  lat: number;
  lon: number;
  value: number | null;
}

/**
 * GPS fixes for a map: all of them when the range holds at most `n` samples, else the first
 * fix of each of n equal time slices (one index probe per slice). Fixes at 0,0 or without a
 * coordinate are never picked (Torque logs them before the first fix); later glitches are the
 * map's business (lib/geo/track.ts).
 */
export async function trackRows(
  sessionId: number,
  columns: { lat: number; lon: number; value: number | null },
  range: { fromMs: number; toMs: number; count: number },
  n: number,
): Promise<TrackRow[]> {
  const lat = Prisma.sql`values[${columns.lat}::int]`;
  const lon = Prisma.sql`values[${columns.lon}::int]`;
  const value = columns.value === null ? Prisma.sql`NULL::float8` : Prisma.sql`values[${columns.value}::int]`;
  const valid = Prisma.sql`${lat} IS NOT NULL AND ${lon} IS NOT NULL AND NOT (${lat} = 0 AND ${lon} = 0)`;
  let rows: { time: Date; lat: number; lon: number; v: number | null }[];
  if (range.count <= n) {
    rows = await db().$queryRaw`
      SELECT time, ${lat} AS lat, ${lon} AS lon, ${value} AS v FROM samples
      WHERE session_id = ${sessionId} AND time >= ${ts(range.fromMs)} AND time <= ${ts(range.toMs)} AND ${valid}
      ORDER BY time`;
  } else {
    const width = (range.toMs - range.fromMs + 1) / n;
    rows = await db().$queryRaw`
      SELECT p.time, p.lat, p.lon, p.v FROM generate_series(0, ${n - 1}::int) AS g(i)
      CROSS JOIN LATERAL (
        SELECT time, ${lat} AS lat, ${lon} AS lon, ${value} AS v FROM samples
        WHERE session_id = ${sessionId}
          AND time >= ${ts(range.fromMs)}::timestamptz + (g.i * ${width}::float8) * INTERVAL '1 millisecond'
          AND time < ${ts(range.fromMs)}::timestamptz + ((g.i + 1) * ${width}::float8) * INTERVAL '1 millisecond'
          AND ${valid}
        ORDER BY time LIMIT 1
      ) p
      ORDER BY p.time`;
  }
  return rows.map((r) => ({ time: r.time.getTime(), lat: r.lat, lon: r.lon, value: r.v }));
}
