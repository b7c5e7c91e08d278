import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * SQL building blocks that read packed samples (`sample_chunks`, migration
 * 20261204175000_sample_storage) inside the database, for the aggregating readers of
 * lib/samples/buckets.ts and the counts of lib/samples/delete.ts. Only the chosen columns are
 * sliced out of each chunk's column-major arrays (one detoast per chunk, not per column), so a
 * chart of 6 PIDs never regroups a chunk's 40 columns into rows the way chunk_samples() does.
 * A sample's time is the chunk's first_time + its entry in time_offsets (ascending), so the rows
 * of a time range are found by binary search (width_bucket) without decoding the others.
 */

/** 1-based column positions (as in sessions.pid_keys). */
export type Columns = number[];

/** The chunks of a session that meet [loMs, hiMs] (null: unbounded), as a `sample_chunks` row source. */
export function chunksMeeting(sessionId: number, loMs: number | null, hiMs: number | null): Prisma.Sql {
  return Prisma.sql`
    SELECT * FROM sample_chunks
    WHERE session_id = ${sessionId}::int
      AND last_time >= COALESCE(${loMs === null ? null : new Date(loMs)}::timestamptz, '-infinity')
      AND first_time <= COALESCE(${hiMs === null ? null : new Date(hiMs)}::timestamptz, 'infinity')`;
}

/** Value column i of chunkRows(). */
export const valueColumn = (i: number) => Prisma.raw(`v${i}`);
/** True when value column i of this row's chunk is stored as float8 (else float4, widened). */
export const exactFlag = (i: number) => Prisma.raw(`e${i}`);

/**
 * Column i as the number the phone sent: float8 columns as they are, float4 ones through their
 * shortest text (exactly what lib/samples/read.ts and chunk_samples() return). Widening a
 * float4 to float8 keeps its order, so min/max may be taken first and only the winners converted.
 */
export function exact(i: number, alias = ""): Prisma.Sql {
  return asSent(Prisma.raw(`${alias}v${i}`), Prisma.raw(`${alias}e${i}`));
}

/** A stored value as the number the phone sent: as it is when stored as float8, else via float4's shortest text. */
export function asSent(value: Prisma.Sql, storedAsF8: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE WHEN ${storedAsF8} THEN ${value} ELSE ${value}::real::text::float8 END)`;
}

/** Fragments side by side (Prisma.join refuses an empty list). */
export const concat = (parts: Prisma.Sql[]) => (parts.length === 0 ? Prisma.empty : Prisma.join(parts, ""));

/** Where chosen column i starts in the detoasted f4 (`d.s4_i`) or f8 (`d.s8_i`): 0-based, NULL when not in that array. */
export const f4Start = (i: number) => Prisma.raw(`d.s4_${i}`);
export const f8Start = (i: number) => Prisma.raw(`d.s8_${i}`);

/** Rows lo..hi (1-based) of chosen column i of chunk `d`, as float8 (a float4 column widened). */
export function columnSlice(i: number, lo: Prisma.Sql, hi: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${f8Start(i)} IS NOT NULL THEN d.f8[${f8Start(i)} + ${lo} : ${f8Start(i)} + ${hi}] ELSE d.f4[${f4Start(i)} + ${lo} : ${f4Start(i)} + ${hi}]::float8[] END`;
}

/**
 * The first row (1-based) of chunk `d` at or after epoch millisecond `ms`, n + 1 when none is:
 * a binary search over the sorted offsets (width_bucket counts the offsets ≤ its operand). The
 * operand is clamped to the chunk, so it fits an int, and an int operand keeps width_bucket from
 * widening the offsets to bigint[] on every call.
 */
export function rowAtOrAfter(ms: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(width_bucket((least(greatest(${ms}, d.first_ms), d.last_ms + 1) - d.first_ms - 1)::int, d.offsets) + 1)`;
}

/** The last row (1-based) of chunk `d` at or before epoch millisecond `ms`, 0 when none is (see rowAtOrAfter). */
export function rowAtOrBefore(ms: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`width_bucket((least(greatest(${ms}, d.first_ms - 1), d.last_ms) - d.first_ms)::int, d.offsets)`;
}

/**
 * A chunk `c` read once, as the FROM-list item `d` to put after `FROM (source) c`: its arrays
 * detoasted (each slice of a stored array would decompress it again; `|| '{}'` returns a
 * detoasted copy), only the value arrays some chosen column is in, its time offsets, its first
 * and last time in epoch milliseconds, and where each chosen column's n values start
 * (f4Start/f8Start).
 * A column the chunk does not have (a PID that joined later) starts past the end of f4: its
 * slices are empty.
 */
export function readChunk(columns: Columns): Prisma.Sql {
  const anyF8 = columns.length === 0 ? Prisma.sql`false` : Prisma.sql`c.f8_cols && ${columns}::smallint[]`;
  const anyF4 = columns.length === 0 ? Prisma.sql`false` : Prisma.sql`NOT (${columns}::smallint[] <@ c.f8_cols)`;
  const starts = columns.map((k, i) => {
    const below = Prisma.sql`(SELECT count(*)::int FROM unnest(c.f8_cols) x WHERE x < ${k}::int)`;
    return Prisma.sql`,
      CASE WHEN NOT ${k}::smallint = ANY (c.f8_cols) THEN (${k - 1}::int - ${below}) * c.n END AS ${Prisma.raw(`s4_${i}`)},
      (array_position(c.f8_cols, ${k}::smallint) - 1) * c.n AS ${Prisma.raw(`s8_${i}`)}`;
  });
  return Prisma.sql`
    CROSS JOIN LATERAL (
      SELECT CASE WHEN ${anyF4} THEN c.f4 || '{}'::real[] END AS f4,
             CASE WHEN ${anyF8} THEN c.f8 || '{}'::float8[] END AS f8,
             c.time_offsets || '{}'::int[] AS offsets,
             (extract(epoch FROM c.first_time) * 1000)::bigint AS first_ms,
             (extract(epoch FROM c.last_time) * 1000)::bigint AS last_ms
             ${concat(starts)}
      OFFSET 0
    ) d`;
}

/**
 * One row per packed sample of the chunks `source` yields: `ms` (epoch milliseconds, bigint),
 * `chunk` (the chunk's first_time), `v0…` the chosen columns (float8; a float4 column widened,
 * see exact()) and `e0…` their exactness flags. Rows come in no particular order.
 *
 * `perChunk`, when given, turns one chunk's rows (a query with columns ms, v0…) into what is
 * returned instead, still per chunk (the `chunk` and `e0…` columns are added): grouping,
 * filtering or picking there works on ≤ 600 rows at a time, in memory. (Grouping all rows at
 * once makes the planner, which guesses 10 rows per unnest, sort 144,000 rows on disk.)
 */
export function chunkRows(columns: Columns, source: Prisma.Sql, perChunk?: (rows: Prisma.Sql) => Prisma.Sql): Prisma.Sql {
  const flags = columns.map((_, i) => Prisma.sql`, ${f8Start(i)} IS NOT NULL AS ${exactFlag(i)}`);
  // Set-returning calls in the select list run in lockstep (a NULL slice gives NULLs), and
  // cost less than unnest in FROM, which first copies every array into a tuplestore.
  const values = columns.map((_, i) => Prisma.sql`, unnest(${columnSlice(i, Prisma.sql`1`, Prisma.sql`c.n`)}) AS ${valueColumn(i)}`);
  const rows = Prisma.sql`SELECT d.first_ms + unnest(d.offsets) AS ms ${concat(values)}`;
  return Prisma.sql`
    SELECT x.*, c.first_time AS chunk ${concat(flags)}
    FROM (${source}) c
    ${readChunk(columns)}
    CROSS JOIN LATERAL (${perChunk ? perChunk(rows) : rows}) x`;
}

/** How many packed samples of the session lie in [loMs, hiMs] (null: unbounded): a bigint expression. */
export function chunkSampleCount(sessionId: number, loMs: number | null, hiMs: number | null): Prisma.Sql {
  const lo = loMs === null ? null : new Date(loMs);
  const hi = hiMs === null ? null : new Date(hiMs);
  // Chunks wholly inside count by their n; only the (at most two) straddling ones are decoded.
  const inside = Prisma.sql`first_time >= COALESCE(${lo}::timestamptz, '-infinity') AND last_time <= COALESCE(${hi}::timestamptz, 'infinity')`;
  const source = chunksMeeting(sessionId, loMs, hiMs);
  return Prisma.sql`(
    (SELECT COALESCE(sum(n), 0) FROM (${source}) w WHERE ${inside})
    + (SELECT count(*) FROM (${chunkRows([], Prisma.sql`SELECT * FROM (${source}) s WHERE NOT (${inside})`)}) r
       WHERE r.ms >= COALESCE(${loMs}::bigint, -9223372036854775807) AND r.ms <= COALESCE(${hiMs}::bigint, 9223372036854775807))
  )`;
}
