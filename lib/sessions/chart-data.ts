import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { pidCatalog } from "@/lib/pids/catalog";
import { bucketAggregates, probeRange, rawRows } from "@/lib/samples/buckets";
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
  /** PIDs beyond this many are left out (default MAX_CHART_PIDS: what one chart shows). */
  maxPids?: number;
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
  const wanted = [...new Set(request.pids)].filter((k) => session.pidKeys.includes(k)).slice(0, request.maxPids ?? MAX_CHART_PIDS);
  const columns = wanted.map((k) => session.pidKeys.indexOf(k) + 1);
  const points = Math.max(2, Math.min(MAX_CHART_POINTS, Math.floor(request.points)));
  const lo = request.fromMs ?? 0;
  const hi = request.toMs ?? Date.UTC(9999, 11, 31);
  const [catalog, probe] = await Promise.all([pidCatalog(session.deviceId, wanted), probeRange(session.id, columns, lo, hi, points)]);
  const fromMs = request.fromMs ?? probe.first?.time ?? 0;
  const toMs = request.toMs ?? probe.last?.time ?? fromMs;

  let payload;
  let total: number;
  let bucketMs: number | null = null;
  if (probe.count <= points || !probe.first || !probe.last) {
    const rows = await rawRows(session.id, columns, fromMs, toMs);
    total = rows.length;
    const meanInterval = total > 1 ? (rows[total - 1].time - rows[0].time) / (total - 1) : 0;
    payload = rawPayload(rows, columns.length, gapThresholdMs(meanInterval));
  } else {
    const n = bucketCount(points);
    bucketMs = bucketWidthMs(fromMs, toMs, n);
    const buckets = await bucketAggregates(
      session.id,
      columns,
      { fromMs, toMs, afterMs: probe.first.time, beforeMs: probe.last.time },
      n,
    );
    total = 2 + buckets.reduce((sum, b) => sum + b.count, 0);
    const meanInterval = (probe.last.time - probe.first.time) / (total - 1);
    payload = assembleBuckets(probe.first, buckets, probe.last, columns.length, gapThresholdMs(meanInterval, bucketMs));
  }

  const round = rounder(request.significantDigits);
  return {
    sessionId: session.id,
    fromMs,
    toMs,
    total,
    raw: bucketMs === null,
    bucketMs,
    pids: catalog.map(({ key, name, unit }) => ({ key, name, unit })),
    t: payload.t,
    series: Object.fromEntries(wanted.map((k, i) => [k, payload.series[i].map(round)])),
    breaks: payload.breaks,
  };
}
