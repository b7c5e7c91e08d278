import { z } from "zod";

/**
 * The shape of sessions.summary (written by refreshSessionSummary in SQL). Read through
 * parseSessionSummary so that a row from an older version, or none, is simply "no summary"
 * rather than a crash. Values are in stored (metric) units.
 */
const num = z.number().finite().nullable().catch(null);

const pidStats = z.object({ n: z.number().int(), min: z.number(), max: z.number(), mean: z.number(), p50: z.number(), p95: z.number() });
export type PidStats = z.infer<typeof pidStats>;

const schema = z.object({
  version: z.literal(1),
  speedKey: z.string().nullable().catch(null),
  movingS: num,
  stationaryS: num,
  avgMovingSpeedKmh: num,
  gpsDistanceKm: num,
  tripDistanceKm: num,
  fuelUsedL: num,
  economyL100km: num,
  economySource: z.enum(["fuel-distance", "mean-instant"]).nullable().catch(null),
  pids: z.record(z.string(), pidStats).catch({}),
});

export type SessionSummary = z.infer<typeof schema>;

export function parseSessionSummary(value: unknown): SessionSummary | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
