import "server-only";
import { db } from "@/lib/db/client";

/**
 * Recomputes a session's stored summary from its samples, in one SQL statement. Ingest keeps the
 * cheap fields current per upload; this runs after edits that move samples (merge, split, trim,
 * import) and when a session goes idle. Lists read only the stored fields.
 *
 * Speed: OBD speed (PID d) where present, else GPS speed (ff1001); distance: Torque's own trip
 * distance (ff1204, cumulative) when logged, else the GPS track length; fuel: trip fuel (ff1271).
 */
export async function refreshSessionSummary(sessionId: number): Promise<void> {
  await db().$executeRaw`
    WITH cols AS (
      SELECT array_position(pid_keys, 'd') AS obd_speed, array_position(pid_keys, 'ff1001') AS gps_speed,
             array_position(pid_keys, 'ff1204') AS trip, array_position(pid_keys, 'ff1271') AS fuel,
             array_position(pid_keys, 'ff1005') AS lon, array_position(pid_keys, 'ff1006') AS lat
      FROM sessions WHERE id = ${sessionId}
    ),
    points AS (
      SELECT s.time,
             COALESCE(s.values[c.obd_speed], s.values[c.gps_speed]) AS speed,
             s.values[c.trip] AS trip, s.values[c.fuel] AS fuel,
             NULLIF(s.values[c.lat], 0) AS lat, NULLIF(s.values[c.lon], 0) AS lon
      FROM samples s, cols c WHERE s.session_id = ${sessionId}
    ),
    legs AS (
      SELECT time, speed, trip, fuel, lat, lon,
             LAG(lat) OVER (ORDER BY time) AS plat,
             LAG(lon) OVER (ORDER BY time) AS plon
      FROM points WHERE lat IS NOT NULL AND lon IS NOT NULL
    ),
    gps AS (
      -- Haversine, in km; legs over 5 km between consecutive fixes are GPS glitches, not driving.
      SELECT COALESCE(SUM(d) FILTER (WHERE d < 5), 0) AS km, COUNT(*) > 0 AS has_gps FROM (
        SELECT 2 * 6371.0088 * asin(sqrt(
          power(sin(radians(lat - plat) / 2), 2) + cos(radians(plat)) * cos(radians(lat)) * power(sin(radians(lon - plon) / 2), 2)
        )) AS d FROM legs WHERE plat IS NOT NULL
      ) x
    ),
    agg AS (
      SELECT COUNT(*)::int AS n, MAX(time) AS last, MAX(speed) AS max_speed, AVG(speed) AS avg_speed,
             MAX(trip) - COALESCE(MIN(trip) FILTER (WHERE trip > 0), 0) AS trip_km, MAX(fuel) AS fuel
      FROM points
    )
    UPDATE sessions SET
      sample_count = agg.n,
      ended_at = agg.last,
      duration_s = EXTRACT(EPOCH FROM (agg.last - sessions.started_at)),
      max_speed_kmh = agg.max_speed,
      avg_speed_kmh = agg.avg_speed,
      distance_km = COALESCE(NULLIF(agg.trip_km, 0), NULLIF(gps.km, 0), agg.trip_km),
      fuel_used_l = agg.fuel,
      has_gps = gps.has_gps,
      summary_at = now()
    FROM agg, gps WHERE sessions.id = ${sessionId}`;
}
