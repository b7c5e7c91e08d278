import "server-only";
import type { SampleRange } from "@/lib/samples/read";
import { chartData } from "./chart-data";

export interface DownsampledSamples {
  /** [epochMs, value|null, …] per row, values in the order of `keys`. */
  rows: (number | null)[][];
  /** Samples in the range. */
  samples: number;
  /** Width of a time bucket; null when every sample of the range is in `rows`. */
  bucketMs: number | null;
}

/**
 * A session's samples reduced to about `points` rows for scripts (the API's `downsample=`): the
 * charts' min/max buckets (lib/samples/downsample.ts), so no peak is lost, and every sample
 * when they fit. The charts' break rows (synthetic all-null rows marking a pause) are left out:
 * an API row is always a time at which the car sent data.
 */
export async function downsampledSamples(
  userId: number,
  sessionId: number,
  keys: string[],
  range: SampleRange,
  points: number,
): Promise<DownsampledSamples> {
  const chart = await chartData(userId, sessionId, { pids: keys, fromMs: range.fromMs, toMs: range.toMs, points, maxPids: keys.length });
  const breaks = new Set(chart.breaks);
  const series = keys.map((k) => chart.series[k]);
  const rows: (number | null)[][] = [];
  chart.t.forEach((t, i) => {
    if (!breaks.has(i)) rows.push([t, ...series.map((s) => s[i] ?? null)]);
  });
  return { rows, samples: chart.total, bucketMs: chart.bucketMs };
}
