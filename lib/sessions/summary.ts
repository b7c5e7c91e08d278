import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Recomputes a session's stored summary from its samples, in SQL (three statements, one
 * transaction, under the session's row lock). Ingest keeps the
 * cheap fields current per upload; this runs after edits that move samples (merge, split, trim,
 * import) and when a session goes idle (lib/sessions/idle-sweeper.ts). Lists and the session
 * page read only the stored fields; the shape of `summary` is lib/sessions/summary-shape.ts.
 *
 * Speed: OBD speed (PID d) where present, else GPS speed (ff1001); distance: Torque's own trip
 * distance (ff1204, cumulative) when logged, else the GPS track length; fuel: trip fuel (ff1271),
 * a counter from Torque's trip start: its last value, less its first one when that is already
 * over MID_TRIP_SHARE of the last (the session is a later part of a trip: split or trimmed).
 * Moving time: intervals between consecutive samples that start above MOVING_KMH; intervals
 * longer than MAX_INTERVAL_S are pauses in the log and count as neither moving nor stationary.
 * Economy: fuel used over distance, else the mean of Torque's instant l/100km (ff1207).
 * Per PID: exact count, min, max and mean; median and 95th percentile from an evenly spaced
 * subset of at most PERCENTILE_ROWS samples (exact for shorter sessions): sorting every value
 * of a 4 h 10 Hz, 40-PID session (5.8 million) took seconds for a difference nobody can see.
 */
export const MOVING_KMH = 2;
export const MAX_INTERVAL_S = 60;
/** Legs over this between consecutive fixes are GPS glitches, not driving. */
export const GPS_GLITCH_KM = 5;
export const PERCENTILE_ROWS = 10_000;
export const MID_TRIP_SHARE = 0.1;

type Client = Prisma.TransactionClient;

/**
 * Where the three statements below read the session's samples: session_samples() itself when
 * all are hot rows (an index scan), else one decoded copy in a temporary table, dropped at
 * commit. Decoding packed chunks back into rows in SQL costs ~25 µs a sample (3.4 s for a 4 h
 * 10 Hz session): once instead of three times. Rows go in, and are scanned, in time order.
 */
async function sampleSource(client: Client, sessionId: number): Promise<Prisma.Sql> {
  const [{ packed }] = await client.$queryRaw<{ packed: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM sample_chunks WHERE session_id = ${sessionId}::int) AS packed`;
  if (!packed) return Prisma.sql`session_samples(${sessionId}::int)`;
  if (!Number.isSafeInteger(sessionId)) throw new Error(`bad session id ${sessionId}`);
  // (A utility statement takes no bind parameters: the id is written in, checked above.)
  const table = `pg_temp.summary_samples_${sessionId}`;
  await client.$executeRawUnsafe(`DROP TABLE IF EXISTS ${table}`);
  await client.$executeRawUnsafe(`CREATE TEMP TABLE ${table.slice("pg_temp.".length)} ON COMMIT DROP AS SELECT * FROM session_samples(${sessionId})`);
  return Prisma.raw(table);
}

/** Per-PID statistics keyed by PID key (the `pids` member of sessions.summary). */
async function pidStatistics(client: Client, samples: Prisma.Sql, keys: string[], sampleCount: number) {
  if (keys.length === 0) return {};
  const each = (fn: string) => Prisma.sql`ARRAY[${Prisma.join(keys.map((_, i) => Prisma.sql`${Prisma.raw(fn)}(values[${i + 1}::int])`))}]`;
  const [exact] = await client.$queryRaw<{ n: bigint[]; mins: (number | null)[]; maxs: (number | null)[]; means: (number | null)[] }[]>`
    SELECT ${each("count")} AS n, ${each("min")}::float8[] AS mins, ${each("max")}::float8[] AS maxs, ${each("avg")}::float8[] AS means
    FROM ${samples}`;
  const every = Math.max(1, Math.ceil(sampleCount / PERCENTILE_ROWS));
  const percentiles = await client.$queryRaw<{ ord: bigint; p: number[] }[]>`
    SELECT u.ord, percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY u.v) AS p
    FROM (
      SELECT values FROM (SELECT values, row_number() OVER (ORDER BY time) AS rn FROM ${samples}) r
      WHERE (r.rn - 1) % ${every}::int = 0
    ) s, unnest(s.values) WITH ORDINALITY AS u(v, ord)
    WHERE u.v IS NOT NULL AND u.ord <= ${keys.length}::int
    GROUP BY u.ord`;
  const byOrd = new Map(percentiles.map((r) => [Number(r.ord), r.p]));
  const stats: Record<string, { n: number; min: number; max: number; mean: number; p50: number; p95: number }> = {};
  keys.forEach((key, i) => {
    const n = Number(exact?.n[i] ?? 0);
    const p = byOrd.get(i + 1);
    const [min, max, mean] = [exact?.mins[i], exact?.maxs[i], exact?.means[i]];
    if (n === 0 || min == null || max == null || mean == null) return;
    stats[key] = { n, min, max, mean, p50: p?.[0] ?? mean, p95: p?.[1] ?? max };
  });
  return stats;
}

export async function refreshSessionSummary(sessionId: number, client?: Client): Promise<void> {
  if (!client) {
    await db().$transaction((tx) => refreshSessionSummary(sessionId, tx), { timeout: 120_000, maxWait: 10_000 });
    return;
  }
  // The lock uploads and edits take too: the summary describes one consistent set of samples.
  const [session] = await client.$queryRaw<{ pid_keys: string[]; n: number }[]>`
    SELECT pid_keys, stored_sample_count(${sessionId}::int)::int AS n
    FROM sessions WHERE id = ${sessionId} FOR UPDATE`;
  if (!session) return;
  const samples = await sampleSource(client, sessionId);
  const pids = await pidStatistics(client, samples, session.pid_keys, session.n);
  await client.$executeRaw`
    WITH cols AS (
      SELECT array_position(pid_keys, 'd') AS obd_speed, array_position(pid_keys, 'ff1001') AS gps_speed,
             array_position(pid_keys, 'ff1204') AS trip, array_position(pid_keys, 'ff1271') AS fuel,
             array_position(pid_keys, 'ff1005') AS lon, array_position(pid_keys, 'ff1006') AS lat,
             array_position(pid_keys, 'ff1207') AS lpk
      FROM sessions WHERE id = ${sessionId}
    ),
    points AS (
      SELECT s.time,
             COALESCE(s.values[c.obd_speed], s.values[c.gps_speed]) AS speed,
             s.values[c.trip] AS trip, s.values[c.fuel] AS fuel, s.values[c.lpk] AS lpk,
             NULLIF(s.values[c.lat], 0) AS lat, NULLIF(s.values[c.lon], 0) AS lon
      FROM ${samples} s, cols c
    ),
    legs AS (
      SELECT lat, lon, LAG(lat) OVER (ORDER BY time) AS plat, LAG(lon) OVER (ORDER BY time) AS plon
      FROM points WHERE lat IS NOT NULL AND lon IS NOT NULL
    ),
    gps AS (
      -- Haversine, in km.
      SELECT COALESCE(SUM(d) FILTER (WHERE d < ${GPS_GLITCH_KM}), 0) AS km, COUNT(*) > 0 AS has_gps FROM (
        SELECT 2 * 6371.0088 * asin(sqrt(
          power(sin(radians(lat - plat) / 2), 2) + cos(radians(plat)) * cos(radians(lat)) * power(sin(radians(lon - plon) / 2), 2)
        )) AS d FROM legs WHERE plat IS NOT NULL
      ) x
    ),
    intervals AS (
      SELECT speed, date_part('epoch', LEAD(time) OVER (ORDER BY time) - time) AS dt FROM points
    ),
    motion AS (
      SELECT COALESCE(SUM(dt) FILTER (WHERE speed > ${MOVING_KMH}), 0) AS moving_s,
             COALESCE(SUM(dt) FILTER (WHERE speed <= ${MOVING_KMH}), 0) AS stationary_s,
             SUM(speed * dt) FILTER (WHERE speed > ${MOVING_KMH}) / NULLIF(SUM(dt) FILTER (WHERE speed > ${MOVING_KMH}), 0) AS moving_kmh
      FROM intervals WHERE dt IS NOT NULL AND dt <= ${MAX_INTERVAL_S} AND speed IS NOT NULL
    ),
    agg AS (
      SELECT COUNT(*)::int AS n, MAX(time) AS last, MAX(speed) AS max_speed, AVG(speed) AS avg_speed,
             MAX(trip) - COALESCE(MIN(trip) FILTER (WHERE trip > 0), 0) AS trip_km, COUNT(trip) > 0 AS has_trip,
             CASE WHEN MIN(fuel) FILTER (WHERE fuel > 0) > ${MID_TRIP_SHARE} * MAX(fuel)
                  THEN MAX(fuel) - MIN(fuel) FILTER (WHERE fuel > 0) ELSE MAX(fuel) END AS fuel,
             AVG(lpk) AS mean_lpk
      FROM points
    ),
    totals AS (
      SELECT COALESCE(NULLIF(agg.trip_km, 0), NULLIF(gps.km, 0), agg.trip_km) AS distance_km FROM agg, gps
    )
    UPDATE sessions SET
      sample_count = agg.n,
      ended_at = agg.last,
      duration_s = EXTRACT(EPOCH FROM (agg.last - sessions.started_at)),
      max_speed_kmh = agg.max_speed,
      avg_speed_kmh = agg.avg_speed,
      distance_km = totals.distance_km,
      fuel_used_l = agg.fuel,
      has_gps = gps.has_gps,
      summary = jsonb_build_object(
        'version', 1,
        'speedKey', (SELECT CASE WHEN obd_speed IS NOT NULL THEN 'd' WHEN gps_speed IS NOT NULL THEN 'ff1001' END FROM cols),
        'movingS', motion.moving_s,
        'stationaryS', motion.stationary_s,
        'avgMovingSpeedKmh', motion.moving_kmh,
        'gpsDistanceKm', CASE WHEN gps.has_gps THEN gps.km END,
        'tripDistanceKm', CASE WHEN agg.has_trip THEN agg.trip_km END,
        'fuelUsedL', agg.fuel,
        'economyL100km', COALESCE(
          CASE WHEN agg.fuel > 0 AND totals.distance_km > 0 THEN agg.fuel / totals.distance_km * 100 END, agg.mean_lpk),
        'economySource', CASE WHEN agg.fuel > 0 AND totals.distance_km > 0 THEN 'fuel-distance'
                              WHEN agg.mean_lpk IS NOT NULL THEN 'mean-instant' END,
        'pids', ${JSON.stringify(pids)}::jsonb
      ),
      summary_at = now()
    FROM agg, gps, motion, totals WHERE sessions.id = ${sessionId}`;
}
