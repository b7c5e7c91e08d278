import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { pidCatalog } from "@/lib/pids/catalog";
import { probeRange } from "@/lib/samples/buckets";
import { trackRows } from "@/lib/samples/track-rows";

/**
 * The GPS track of a session for the map: at most `points` fixes (ff1006 latitude, ff1005
 * longitude), each with the value of the PID that colours the track (speed by default).
 */
export interface TrackRequest {
  points: number;
  colorPid?: string | null;
  fromMs?: number;
  toMs?: number;
  /** Coordinates to 6 decimals (0.1 m) and values to 7 significant digits: a third less JSON. */
  compact?: boolean;
}

export interface TrackPayload {
  sessionId: number;
  /** The PID whose values are in `value` (stored unit), or null when there is none. */
  color: { key: string; name: string; unit: string } | null;
  t: number[];
  lat: number[];
  lon: number[];
  value: (number | null)[];
}

export const LAT_KEY = "ff1006";
export const LON_KEY = "ff1005";
/** OBD speed, else GPS speed: what the track is coloured by unless the user picks a PID. */
export const SPEED_KEYS = ["d", "ff1001"];
export const MAX_TRACK_POINTS = 5000;

export function defaultColorPid(pidKeys: string[]): string | null {
  return SPEED_KEYS.find((k) => pidKeys.includes(k)) ?? null;
}

export async function trackData(userId: number, sessionId: number, request: TrackRequest): Promise<TrackPayload> {
  const session = await db().session.findFirst({ where: { id: sessionId, userId }, select: { id: true, deviceId: true, pidKeys: true } });
  if (!session) throw notFound("No such session.");
  const empty: TrackPayload = { sessionId, color: null, t: [], lat: [], lon: [], value: [] };
  const position = (key: string) => session.pidKeys.indexOf(key) + 1;
  if (position(LAT_KEY) === 0 || position(LON_KEY) === 0) return empty;

  const colorKey = request.colorPid && session.pidKeys.includes(request.colorPid) ? request.colorPid : defaultColorPid(session.pidKeys);
  const [color] = colorKey ? await pidCatalog(session.deviceId, [colorKey]) : [];
  const points = Math.max(2, Math.min(MAX_TRACK_POINTS, Math.floor(request.points)));
  const stats = await probeRange(session.id, [], request.fromMs ?? 0, request.toMs ?? Date.UTC(9999, 11, 31), points);
  if (stats.count === 0 || !stats.first || !stats.last) return { ...empty, color: color ?? null };
  const rows = await trackRows(
    session.id,
    { lat: position(LAT_KEY), lon: position(LON_KEY), value: colorKey ? position(colorKey) : null },
    { fromMs: request.fromMs ?? stats.first.time, toMs: request.toMs ?? stats.last.time, count: stats.count },
    points,
  );
  const coord = request.compact ? (v: number) => Math.round(v * 1e6) / 1e6 : (v: number) => v;
  const value = request.compact ? (v: number | null) => (v === null ? null : Number(v.toPrecision(7))) : (v: number | null) => v;
  return {
    sessionId,
    color: color ? { key: color.key, name: color.name, unit: color.unit } : null,
    t: rows.map((r) => r.time),
    lat: rows.map((r) => coord(r.lat)),
    lon: rows.map((r) => coord(r.lon)),
    value: rows.map((r) => value(r.value)),
  };
}
