import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, pool } from "@/lib/db/client";
import { logger } from "@/lib/log";

/**
 * Bulk writes of samples into a session (imports, merges, splits): the counterpart of
 * lib/samples/read.ts, and with it the only code that knows the storage layout besides the
 * SQL functions of the migrations (torque_ingest, compact_session_samples, …). Rows land hot;
 * `compactIdleSessions` packs them into chunks once the session is quiet. Same semantics as uploads: a sample is identified by
 * (session, time); writing an existing one merges values (new non-null values win), so
 * repeating a write changes nothing.
 */
export interface SampleRow {
  time: number;
  values: (number | null)[];
}

export interface AppendResult {
  inserted: number;
  merged: number;
  unchanged: number;
}

const ROWS_PER_STATEMENT = 1000;

/**
 * Writes `rows` (values aligned with `keys`) into the session. Runs in its own transaction,
 * or inside the caller's `tx` when given: an import writes a whole file through one
 * transaction so that a failure part-way leaves nothing behind. Rows must not repeat a
 * time within one call (PostgreSQL refuses to update one row twice in a statement).
 */
export async function appendSamples(
  sessionId: number,
  keys: string[],
  rows: SampleRow[],
  tx?: Prisma.TransactionClient,
): Promise<AppendResult> {
  if (rows.length === 0) return { inserted: 0, merged: 0, unchanged: 0 };
  if (tx) return appendIn(tx, sessionId, keys, rows);
  return db().$transaction((t) => appendIn(t, sessionId, keys, rows), { timeout: 120_000, maxWait: 10_000 });
}

async function appendIn(tx: Prisma.TransactionClient, sessionId: number, keys: string[], rows: SampleRow[]): Promise<AppendResult> {
  // The session row lock serialises writers of one session (uploads take the same lock).
  const [session] = await tx.$queryRaw<{ pid_keys: string[] }[]>`
    SELECT pid_keys FROM sessions WHERE id = ${sessionId} FOR UPDATE`;
  if (!session) throw new Error(`Session ${sessionId} does not exist.`);
  const columns = [...session.pid_keys];
  const added = keys.filter((k) => !columns.includes(k));
  if (added.length > 0) {
    columns.push(...added);
    await tx.$executeRaw`UPDATE sessions SET pid_keys = ${columns}::text[] WHERE id = ${sessionId}`;
  }
  const position = keys.map((k) => columns.indexOf(k));
  // Writes land in hot rows; packed chunks they fall into are unpacked first (merge and
  // duplicate detection then work on rows, exactly as for uploads).
  let first = rows[0].time;
  let last = rows[0].time;
  for (const row of rows) {
    first = Math.min(first, row.time);
    last = Math.max(last, row.time);
  }
  await tx.$queryRaw`SELECT unpack_sample_chunks(${sessionId}::int, ${new Date(first)}::timestamptz, ${new Date(last)}::timestamptz)`;
  let inserted = 0;
  let merged = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const tuples = chunk.map((row) => {
      const last = Math.max(-1, ...position.filter((_, i) => row.values[i] !== null && row.values[i] !== undefined));
      const aligned: (number | null)[] = new Array(last + 1).fill(null);
      row.values.forEach((v, i) => {
        if (v !== null && v !== undefined && Number.isFinite(v)) aligned[position[i]] = v;
      });
      return Prisma.sql`(${sessionId}::int, ${new Date(row.time)}::timestamptz, ${aligned}::float8[])`;
    });
    const results = await tx.$queryRaw<{ inserted: boolean }[]>`
      INSERT INTO samples AS sm (session_id, time, values) VALUES ${Prisma.join(tuples)}
      ON CONFLICT ON CONSTRAINT samples_pkey DO UPDATE SET values = merge_sample_values(sm.values, EXCLUDED.values)
        WHERE sm.values IS DISTINCT FROM merge_sample_values(sm.values, EXCLUDED.values)
      RETURNING (sm.xmax = 0) AS inserted`;
    for (const r of results) r.inserted ? inserted++ : merged++;
  }
  await tx.$executeRaw`
    UPDATE sessions SET
      sample_count = sample_count + ${inserted}::int,
      ended_at = GREATEST(ended_at, session_last_sample_time(${sessionId}::int)),
      duration_s = EXTRACT(EPOCH FROM (GREATEST(ended_at, session_last_sample_time(${sessionId}::int)) - started_at))
    WHERE id = ${sessionId}`;
  return { inserted, merged, unchanged: rows.length - inserted - merged };
}

/** Hot rows packed per statement at most: each stays far inside the statement timeout. */
const PACK_STEP = 30_000;

/**
 * Packs hot rows into chunks: sessions without an upload for `idleMs` entirely, and sessions
 * still uploading for their hot rows older than `idleMs` in whole 600-sample chunks (so a live
 * trip's recent samples, where its uploads land, stay hot: no pack/unpack back and forth).
 * Safe at any time: a late sample unpacks its chunk again, and hot rows are packed run by run
 * between existing chunks. The server calls it every minute unless SAMPLE_PACKING=0; every
 * reader and writer of samples (read.ts, buckets.ts, delete.ts, count.ts, the SQL functions)
 * reads both layouts. Returns the number of samples packed.
 */
export async function compactIdleSessions(idleMs = 10 * 60_000): Promise<number> {
  // The sessions with hot rows, each with its oldest one, by a walk down samples' primary key
  // (one probe per session) instead of a DISTINCT over every hot row: that scan took 2 s of the
  // stack's one core in the middle of an upload run with 64 live trips (bench/README.md,
  // section 9). A live session whose oldest hot row is newer than the cutoff has nothing to pack.
  const { rows } = await pool().query<{ id: number; idle: boolean }>(
    `WITH RECURSIVE hot(session_id, first_time) AS (
       (SELECT session_id, time FROM samples ORDER BY session_id, time LIMIT 1)
       UNION ALL
       SELECT n.session_id, n.time FROM hot h CROSS JOIN LATERAL (
         SELECT session_id, time FROM samples WHERE session_id > h.session_id ORDER BY session_id, time LIMIT 1) n
     )
     SELECT s.id, s.last_upload_at < cutoff.at AS idle
     FROM hot JOIN sessions s ON s.id = hot.session_id
     CROSS JOIN (SELECT now() - $1 * INTERVAL '1 millisecond' AS at) cutoff
     WHERE s.last_upload_at < cutoff.at OR hot.first_time < cutoff.at`,
    [idleMs],
  );
  let packed = 0;
  for (const row of rows) {
    try {
      packed += await compactSession(row.id, row.idle, idleMs);
    } catch (error) {
      // One session that cannot be packed now (locked by a long edit, a timeout) must not keep
      // every session after it in the list from being packed: it is tried again next minute.
      logger.warn("packing a session's samples failed", { sessionId: row.id, error });
    }
  }
  return packed;
}

/**
 * Packs one session (all its hot rows when `idle`, else whole chunks of those older than
 * `idleMs`) in steps of `step` hot rows (a 4 h 10 Hz trip has 144,000): cutting the
 * rows at a time is safe because packing works run by run between chunks, so the rows after a
 * step's cut simply form the next run.
 */
export async function compactSession(sessionId: number, idle: boolean, idleMs: number, step = PACK_STEP): Promise<number> {
  const cutoff = idle ? "'infinity'::timestamptz" : "now() - $2 * INTERVAL '1 millisecond'";
  const params = idle ? [sessionId] : [sessionId, idleMs];
  const { rows: marks } = await pool().query<{ time: Date }>(
    `SELECT time FROM (SELECT time, row_number() OVER (ORDER BY time) AS r FROM samples WHERE session_id = $1 AND time < ${cutoff}) x
     WHERE r % ${Math.max(1, Math.floor(step))} = 0 ORDER BY time`,
    params,
  );
  let packed = 0;
  for (const mark of marks) {
    const { rows: done } = await pool().query<{ n: number }>("SELECT compact_session_samples($1, $2::timestamptz, $3) AS n", [sessionId, mark.time, !idle]);
    packed += done[0].n;
  }
  const { rows: done } = await pool().query<{ n: number }>(`SELECT compact_session_samples($1, ${cutoff}, ${idle ? "false" : "true"}) AS n`, params);
  return packed + done[0].n;
}
