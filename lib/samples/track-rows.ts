import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { asSent, chunkRows, chunksMeeting, columnSlice, exact, f8Start, readChunk, rowAtOrAfter, rowAtOrBefore } from "@/lib/samples/chunk-sql";

/**
 * GPS fixes for a map, read from both layouts like lib/samples/buckets.ts (the only other code
 * besides the writers that knows the storage layout; callers pass 1-based column positions).
 */
export interface TrackRow {
  time: number;
  lat: number;
  lon: number;
  value: number | null;
}

const ts = (ms: number) => new Date(ms);

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
  // Chunk rows, their columns in the order lat, lon, value (exact(i) per column).
  const packedColumns = columns.value === null ? [columns.lat, columns.lon] : [columns.lat, columns.lon, columns.value];
  const packedValue = columns.value === null ? Prisma.sql`NULL::float8` : exact(2, "r.");
  const packedValid = Prisma.sql`r.v0 IS NOT NULL AND r.v1 IS NOT NULL AND NOT (r.v0 = 0 AND r.v1 = 0)`;
  let rows: { ms: number; lat: number; lon: number; v: number | null }[];
  if (range.count <= n) {
    rows = await db().$queryRaw`
      SELECT (extract(epoch FROM time) * 1000)::float8 AS ms, ${lat} AS lat, ${lon} AS lon, ${value} AS v FROM samples
      WHERE session_id = ${sessionId} AND time >= ${ts(range.fromMs)} AND time <= ${ts(range.toMs)} AND ${valid}
      UNION ALL
      SELECT r.ms::float8, ${exact(0, "r.")}, ${exact(1, "r.")}, ${packedValue} FROM (${chunkRows(packedColumns, chunksMeeting(sessionId, range.fromMs, range.toMs))}) r
      WHERE r.ms >= ${range.fromMs}::bigint AND r.ms <= ${range.toMs}::bigint AND ${packedValid}
      ORDER BY 1`;
  } else {
    const width = (range.toMs - range.fromMs + 1) / n;
    const from = Prisma.sql`${ts(range.fromMs)}::timestamptz`;
    const bound = (i: Prisma.Sql) => Prisma.sql`${from} + (${i} * ${width}::float8) * INTERVAL '1 millisecond'`;
    const slices = await db().$queryRaw<{ i: number; ms: number; lat: number; lon: number; v: number | null }[]>`
      SELECT p.i, p.ms, p.lat, p.lon, p.v FROM (
        SELECT g.i, (extract(epoch FROM h.time) * 1000)::float8 AS ms, h.lat, h.lon, h.v FROM generate_series(0, ${n - 1}::int) AS g(i)
        CROSS JOIN LATERAL (
          SELECT time, ${lat} AS lat, ${lon} AS lon, ${value} AS v FROM samples
          WHERE session_id = ${sessionId} AND time >= ${bound(Prisma.sql`g.i`)} AND time < ${bound(Prisma.sql`(g.i + 1)`)} AND ${valid}
          ORDER BY time LIMIT 1
        ) h
        UNION ALL
        ${packedFirstFixes(sessionId, packedColumns, range, n, bound)}
      ) p`;
    // Per slice, the earliest fix (a slice may reach over several chunks and hot rows).
    const first = new Map<number, (typeof slices)[number]>();
    for (const row of slices) {
      const seen = first.get(row.i);
      if (!seen || row.ms < seen.ms) first.set(row.i, row);
    }
    rows = [...first.values()].sort((a, b) => a.ms - b.ms);
  }
  return rows.map((r) => ({ time: r.ms, lat: r.lat, lon: r.lon, value: r.v }));
}

/**
 * The first valid fix of each slice among the packed samples, per chunk (a slice reaching over
 * several chunks gets one row from each; the caller keeps the earliest). Two ways, chosen per
 * chunk by how many of its samples fall in one slice: where a slice holds a handful, the chunk
 * is decoded once and its rows grouped by slice; where it holds many (a long 10 Hz trip), each
 * slice's rows are found by binary search and read only up to the first valid fix.
 * Columns: i, ms, lat, lon, v (the numbers the phone sent).
 */
function packedFirstFixes(
  sessionId: number,
  columns: number[],
  range: { fromMs: number; toMs: number },
  n: number,
  bound: (i: Prisma.Sql) => Prisma.Sql,
): Prisma.Sql {
  const width = (range.toMs - range.fromMs + 1) / n;
  const chunks = chunksMeeting(sessionId, range.fromMs, range.toMs);
  // ~20 µs per (chunk, slice) against ~3 µs per decoded row: decode below 8 rows a slice.
  const dense = Prisma.sql`c.n < ${DENSE_ROWS_PER_SLICE}::int * ((extract(epoch FROM c.last_time - c.first_time) * 1000)::float8 / ${width}::float8 + 1)`;
  const source = (which: Prisma.Sql) => Prisma.sql`SELECT * FROM (${chunks}) c WHERE ${which}`;
  const slices = { columns, range, n, width, bound };
  return Prisma.sql`
    (${decodedFirstFixes(source(dense), slices)})
    UNION ALL
    (${searchedFirstFixes(source(Prisma.sql`NOT (${dense})`), slices)})`;
}

const DENSE_ROWS_PER_SLICE = 8;

/** The slicing of a map's range: n slices of `width` ms, slice i starting at bound(i). */
interface Slicing {
  columns: number[];
  range: { fromMs: number; toMs: number };
  n: number;
  width: number;
  bound: (i: Prisma.Sql) => Prisma.Sql;
}

/** packedFirstFixes for chunks decoded whole (≤ 600 rows each, grouped in memory). */
function decodedFirstFixes(source: Prisma.Sql, { columns, range, width, bound }: Slicing): Prisma.Sql {
  const packedValid = Prisma.sql`r.v0 IS NOT NULL AND r.v1 IS NOT NULL AND NOT (r.v0 = 0 AND r.v1 = 0)`;
  // A packed row's slice: the float estimate, and for a row within a millisecond of an
  // estimated edge, corrected against the very bounds the hot query compares with (rounded
  // to microseconds), so both layouts cut at the same instants.
  const position = Prisma.sql`(r.ms - ${range.fromMs}::bigint) / ${width}::float8`;
  const t = Prisma.sql`(TIMESTAMPTZ 'epoch' + r.ms * INTERVAL '1 millisecond')`;
  const nearEdge = Prisma.sql`(r.p - r.i0) * ${width}::float8 < 1 OR (r.i0 + 1 - r.p) * ${width}::float8 < 1`;
  // Within each chunk, its first valid fix of every slice (OFFSET 0: each expression once per
  // row, not again in the filter and the sort key).
  const firstFixPerSlice = (chunkRowsQuery: Prisma.Sql) => Prisma.sql`
    SELECT DISTINCT ON (s.i) s.* FROM (
      SELECT r.*, CASE
        WHEN NOT (${nearEdge}) THEN r.i0
        WHEN ${t} < ${bound(Prisma.sql`r.i0`)} THEN r.i0 - 1
        WHEN ${t} >= ${bound(Prisma.sql`(r.i0 + 1)`)} THEN r.i0 + 1
        ELSE r.i0 END AS i
      FROM (
        SELECT r.*, ${position} AS p, floor(${position})::int AS i0
        FROM (${chunkRowsQuery}) r
        WHERE r.ms >= ${range.fromMs}::bigint AND r.ms <= ${range.toMs}::bigint AND ${packedValid}
        OFFSET 0
      ) r
      OFFSET 0
    ) s
    ORDER BY s.i, s.ms`;
  return Prisma.sql`
    SELECT s.i, s.ms::float8, ${exact(0, "s.")}, ${exact(1, "s.")}, ${columns.length > 2 ? exact(2, "s.") : Prisma.sql`NULL::float8`}
    FROM (${chunkRows(columns, source, firstFixPerSlice)}) s`;
}

/**
 * packedFirstFixes for chunks searched slice by slice: each slice's rows are found by binary
 * search over the chunk's time offsets against the very bounds the hot query compares with (a
 * whole-millisecond time is ≥ a bound exactly when it is ≥ the bound rounded up to a
 * millisecond), then read lazily until the first valid fix.
 */
function searchedFirstFixes(source: Prisma.Sql, { columns, range, n, width, bound }: Slicing): Prisma.Sql {
  // A bound as the first whole millisecond at or after it (numeric: exact to the microsecond).
  const boundMs = (i: Prisma.Sql) => Prisma.sql`ceil(extract(epoch FROM ${bound(i)}) * 1000)::bigint`;
  // The slice a time falls in, give or take one (float estimate; the exact bounds decide below).
  const estimate = (ms: Prisma.Sql) => Prisma.sql`floor(((${ms}) - ${range.fromMs}::bigint) / ${width}::float8)::int`;
  const rowsOfSlice = Prisma.sql`
    SELECT g.i, ${rowAtOrAfter(Prisma.sql`greatest(${boundMs(Prisma.sql`g.i`)}, ${range.fromMs}::bigint)`)} AS lo,
           ${rowAtOrBefore(Prisma.sql`least(${boundMs(Prisma.sql`(g.i + 1)`)} - 1, ${range.toMs}::bigint)`)} AS hi
    FROM generate_series(greatest(0, ${estimate(Prisma.sql`d.first_ms`)} - 1), least(${n - 1}::int, ${estimate(Prisma.sql`d.last_ms`)} + 1)) AS g(i)`;
  // Each column as float8 (a float4 one widened: a slice is short, and only the pick is converted).
  const column = (i: number) => columnSlice(i, Prisma.sql`w.lo`, Prisma.sql`w.hi`);
  const exactOf = (i: number, v: string) => asSent(Prisma.raw(v), Prisma.sql`${f8Start(i)} IS NOT NULL`);
  return Prisma.sql`
    SELECT w.i, (d.first_ms + f.o)::float8, ${exactOf(0, "f.lat")}, ${exactOf(1, "f.lon")}, ${columns.length > 2 ? exactOf(2, "f.v") : Prisma.sql`NULL::float8`}
    FROM (${source}) c
    ${readChunk(columns)}
    CROSS JOIN LATERAL (SELECT * FROM (${rowsOfSlice}) r WHERE r.hi >= r.lo) w
    CROSS JOIN LATERAL (
      SELECT u.o, u.lat, u.lon, u.v FROM (
        SELECT unnest(d.offsets[w.lo : w.hi]) AS o, unnest(${column(0)}) AS lat, unnest(${column(1)}) AS lon,
               ${columns.length > 2 ? Prisma.sql`unnest(${column(2)})` : Prisma.sql`NULL::float8`} AS v
      ) u
      WHERE u.lat IS NOT NULL AND u.lon IS NOT NULL AND NOT (u.lat = 0 AND u.lon = 0)
      LIMIT 1
    ) f`;
}
