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
  const rows = await db().$queryRaw<{ n: number; time: Date | null; vals: (number | null)[] | null }[]>`
    WITH counted AS (SELECT count(*)::int AS n FROM (SELECT 1 FROM samples WHERE ${inRange} LIMIT ${limit + 1}::int) x)
    SELECT counted.n, e.time, e.vals FROM counted LEFT JOIN LATERAL (
      (SELECT time, ${picked(columns)} AS vals FROM samples WHERE ${inRange} ORDER BY time LIMIT 1)
      UNION
      (SELECT time, ${picked(columns)} AS vals FROM samples WHERE ${inRange} ORDER BY time DESC LIMIT 1)
    ) e ON true
    ORDER BY e.time`;
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
 * Min and max of each chosen column per time bucket, for samples strictly between `after` and
 * `before` (the range's first and last samples are kept raw by the caller). Bucket i holds the
 * instants ms with floor((ms - fromMs) * n / (toMs - fromMs + 1)) = i, exactly
 * lib/samples/downsample.ts's bucketIndex; each bucket is one index range scan and a plain
 * aggregate (a GROUP BY over a time expression makes the planner sort every row to disk).
 */
export async function bucketAggregates(
  sessionId: number,
  columns: Columns,
  range: { fromMs: number; toMs: number; afterMs: number; beforeMs: number },
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
  const rows = await db().$queryRaw<{ i: number; f: Date; l: Date; n: number; mins: (number | null)[]; maxs: (number | null)[] }[]>`
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
    ORDER BY g.i`;
  return rows.map((r) => ({ index: r.i, firstMs: r.f.getTime(), lastMs: r.l.getTime(), count: r.n, min: r.mins, max: r.maxs }));
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
