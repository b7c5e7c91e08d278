/**
 * A GPS track as drawable segments: fixes without a position, at 0,0 or out of range are
 * dropped, and the line breaks where consecutive fixes are implausibly far apart (a glitch or
 * a gap in the log), so no straight line is drawn across it. Pure.
 */
export interface TrackPoint {
  t: number;
  lat: number;
  lon: number;
  value: number | null;
}

export interface TrackInput {
  t: number[];
  lat: (number | null)[];
  lon: (number | null)[];
  value: (number | null)[];
}

export interface CleanOptions {
  /** A leg this long always breaks the line. */
  maxJumpKm?: number;
  /** A leg over minJumpKm that implies more than this speed breaks the line. */
  maxSpeedKmh?: number;
  minJumpKm?: number;
}

const EARTH_KM = 6371.0088;

export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function isValidFix(lat: number | null | undefined, lon: number | null | undefined): boolean {
  if (typeof lat !== "number" || typeof lon !== "number" || !Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return false;
  // Torque logs 0,0 before the first fix.
  return !(Math.abs(lat) < 1e-6 && Math.abs(lon) < 1e-6);
}

export function cleanTrack(input: TrackInput, options: CleanOptions = {}): TrackPoint[][] {
  const { maxJumpKm = 50, maxSpeedKmh = 400, minJumpKm = 0.5 } = options;
  const segments: TrackPoint[][] = [];
  let current: TrackPoint[] = [];
  for (let i = 0; i < input.t.length; i++) {
    const lat = input.lat[i];
    const lon = input.lon[i];
    if (!isValidFix(lat, lon)) continue;
    const point: TrackPoint = { t: input.t[i], lat: lat as number, lon: lon as number, value: input.value[i] ?? null };
    const previous = current[current.length - 1];
    if (previous) {
      const km = distanceKm(previous, point);
      const hours = Math.max(point.t - previous.t, 1) / 3_600_000;
      if (km > maxJumpKm || (km > minJumpKm && km / hours > maxSpeedKmh)) {
        segments.push(current);
        current = [];
      }
    }
    current.push(point);
  }
  segments.push(current);
  // A lone fix between two breaks is a glitch, not a place the car went.
  return segments.filter((s) => s.length >= 2);
}

/** The track position at time t: interpolated inside a segment, else the nearest fix in time. */
export function positionAt(segments: TrackPoint[][], t: number): TrackPoint | null {
  let best: TrackPoint | null = null;
  let bestDt = Infinity;
  for (const seg of segments) {
    if (t >= seg[0].t && t <= seg[seg.length - 1].t) {
      let lo = 0;
      let hi = seg.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (seg[mid].t <= t) lo = mid;
        else hi = mid;
      }
      const a = seg[lo];
      const b = seg[hi];
      const f = b.t === a.t ? 0 : (t - a.t) / (b.t - a.t);
      return { t, lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f, value: f < 0.5 ? a.value : b.value };
    }
    for (const p of [seg[0], seg[seg.length - 1]]) {
      const dt = Math.abs(p.t - t);
      if (dt < bestDt) {
        bestDt = dt;
        best = p;
      }
    }
  }
  return best;
}

/** The range a colour scale should span: the 2nd to 98th percentile, so one spike does not wash it out. */
export function colourRange(values: (number | null)[]): { min: number; max: number } | null {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  const min = at(0.02);
  const max = at(0.98);
  return max > min ? { min, max } : { min: sorted[0], max: sorted[sorted.length - 1] };
}
