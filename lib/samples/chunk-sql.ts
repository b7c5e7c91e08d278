import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * SQL building blocks that read packed samples (`sample_chunks`, migration
 * 20261204175000_sample_storage) inside the database, for the aggregating readers of
 * lib/samples/buckets.ts and the counts of lib/samples/delete.ts. Only the chosen columns are
 * sliced out of each chunk's column-major arrays (one detoast per chunk, not per column), so a
 * chart of 6 PIDs never regroups a chunk's 40 columns into rows the way chunk_samples() does.
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
  const v = Prisma.raw(`${alias}v${i}`);
  const e = Prisma.raw(`${alias}e${i}`);
  return Prisma.sql`(CASE WHEN ${e} THEN ${v} ELSE ${v}::real::text::float8 END)`;
}

/** Fragments side by side (Prisma.join refuses an empty list). */
const concat = (parts: Prisma.Sql[]) => (parts.length === 0 ? Prisma.empty : Prisma.join(parts, ""));

/**
 * Column k's n values out of a chunk `c` whose arrays were detoasted into `d` (NULLs past the
 * chunk's columns). The column count comes from the detoasted f4 and the small f8_cols:
 * cardinality() of a stored array would decompress it once more.
 */
function slice(k: number): Prisma.Sql {
  const below = Prisma.sql`(SELECT count(*)::int FROM unnest(c.f8_cols) x WHERE x < ${k}::int)`;
  return Prisma.sql`CASE
    WHEN ${k}::smallint = ANY (c.f8_cols) THEN d.f8[(array_position(c.f8_cols, ${k}::smallint) - 1) * c.n + 1 : array_position(c.f8_cols, ${k}::smallint) * c.n]
    WHEN ${k}::int <= cardinality(d.f4) / c.n + cardinality(c.f8_cols) THEN d.f4[(${k - 1}::int - ${below}) * c.n + 1 : (${k}::int - ${below}) * c.n]::float8[]
  END`;
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
  // Flags once per chunk (per row they would scan f8_cols for every cell).
  const flags = columns.map((k, i) => Prisma.sql`, ${k}::smallint = ANY (c.f8_cols) AS ${exactFlag(i)}`);
  const flagsOut = columns.map((_, i) => Prisma.sql`, d.${exactFlag(i)}`);
  const slices = columns.map((k) => Prisma.sql`, ${slice(k)}`);
  const names = columns.map((_, i) => Prisma.sql`, ${valueColumn(i)}`);
  const unnested = columns.map((_, i) => Prisma.sql`, u.${valueColumn(i)}`);
  // Detoasted once per chunk (each slice of a stored array would decompress it again), and
  // only the array kind some chosen column is in.
  const anyF8 = columns.length === 0 ? Prisma.sql`false` : Prisma.sql`c.f8_cols && ${columns}::smallint[]`;
  const anyF4 = columns.length === 0 ? Prisma.sql`false` : Prisma.sql`NOT (${columns}::smallint[] <@ c.f8_cols)`;
  const rows = Prisma.sql`
      SELECT d.first_ms + sum(u.d) OVER (ORDER BY u.r) AS ms ${concat(unnested)}
      FROM unnest(c.time_deltas ${concat(slices)}) WITH ORDINALITY AS u(d ${concat(names)}, r)`;
  return Prisma.sql`
    SELECT x.*, c.first_time AS chunk ${concat(flagsOut)}
    FROM (${source}) c
    CROSS JOIN LATERAL (
      SELECT CASE WHEN ${anyF4} THEN c.f4 || '{}'::real[] END AS f4,
             CASE WHEN ${anyF8} THEN c.f8 || '{}'::float8[] END AS f8,
             (extract(epoch FROM c.first_time) * 1000)::bigint AS first_ms
             ${concat(flags)}
      OFFSET 0
    ) d
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
