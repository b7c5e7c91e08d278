import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { pidCatalog } from "@/lib/pids/catalog";
import { bucketAggregates, rangeStats, rawRows } from "@/lib/samples/buckets";
import { assembleBuckets, bucketCount, bucketWidthMs, gapThresholdMs, rawPayload } from "@/lib/samples/downsample";

/**
 * Chart series of one session, downsampled in the database to about `points` points (the
 * chart's width in pixels): min/max per time bucket (lib/samples/downsample.ts), the raw
 * samples once the range holds no more than `points` of them. Values are in the stored units;
 * the page converts for display. Reused by the open API (samples?downsample=).
 */
export interface ChartRequest {
  pids: string[];
  fromMs?: number;
  toMs?: number;
  points: number;
  /** Round values to this many significant digits (smaller payloads for charts); exact when omitted. */
  significantDigits?: number;
}

export interface ChartPayload {
  sessionId: number;
  /** The range the buckets cover (the request's, else the session's first and last sample). */
  fromMs: number;
  toMs: number;
  /** Samples in the range. */
  total: number;
  /** True when every sample in the range is in the payload. */
  raw: boolean;
  bucketMs: number | null;
  /** Requested PIDs the session has, in request order; `unit` is the stored unit. */
  pids: { key: string; name: string; unit: string }[];
  t: number[];
  series: Record<string, (number | null)[]>;
  /** Indexes into t of rows that mark a pause in the data. */
  breaks: number[];
}

export const MAX_CHART_PIDS = 16;
export const MAX_CHART_POINTS = 10_000;

function rounder(digits: number | undefined): (v: number | null) => number | null {
  if (digits === undefined) return (v) => v;
  return (v) => (v === null ? null : Number(v.toPrecision(digits)));
}

export async function chartData(userId: number, sessionId: number, request: ChartRequest): Promise<ChartPayload> {
  const session = await db().session.findFirst({
    where: { id: sessionId, userId },
    select: { id: true, deviceId: true, pidKeys: true },
  });
  if (!session) throw notFound("No such session.");
  const wanted = [...new Set(request.pids)].filter((k) => session.pidKeys.includes(k)).slice(0, MAX_CHART_PIDS);
  const columns = wanted.map((k) => session.pidKeys.indexOf(k) + 1);
  const points = Math.max(2, Math.min(MAX_CHART_POINTS, Math.floor(request.points)));
  const catalog = await pidCatalog(session.deviceId, wanted);

  const lo = request.fromMs ?? 0;
  const hi = request.toMs ?? Date.UTC(9999, 11, 31);
  const stats = await rangeStats(session.id, columns, lo, hi);
  const fromMs = request.fromMs ?? stats.first?.time ?? 0;
  const toMs = request.toMs ?? stats.last?.time ?? fromMs;
  const meanInterval = stats.first && stats.last && stats.count > 1 ? (stats.last.time - stats.first.time) / (stats.count - 1) : 0;

  let payload;
  let bucketMs: number | null = null;
  if (stats.count <= points || !stats.first || !stats.last) {
    payload = rawPayload(await rawRows(session.id, columns, fromMs, toMs), columns.length, gapThresholdMs(meanInterval));
  } else {
    const n = bucketCount(points);
    bucketMs = bucketWidthMs(fromMs, toMs, n);
    const buckets = await bucketAggregates(
      session.id,
      columns,
      { fromMs, toMs, afterMs: stats.first.time, beforeMs: stats.last.time },
      n,
    );
    payload = assembleBuckets(stats.first, buckets, stats.last, columns.length, gapThresholdMs(meanInterval, bucketMs));
  }

  const round = rounder(request.significantDigits);
  return {
    sessionId: session.id,
    fromMs,
    toMs,
    total: stats.count,
    raw: bucketMs === null,
    bucketMs,
    pids: catalog.map(({ key, name, unit }) => ({ key, name, unit })),
    t: payload.t,
    series: Object.fromEntries(wanted.map((k, i) => [k, payload.series[i].map(round)])),
    breaks: payload.breaks,
  };
}
