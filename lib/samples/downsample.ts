/**
 * Min/max downsampling of sample series for charts, sized to the chart's pixel width.
 *
 * The range is cut into equal time buckets, one per pair of output points: each bucket keeps its
 * minimum and its maximum of every series (so no peak is ever lost), placed at the bucket's
 * first and last sample times and ordered by the trend around the bucket (from the previous
 * bucket to the next: rising gives min then max, so a ramp stays a ramp). The
 * first and the last sample of the range are kept as they are. Long pauses in the data become
 * explicit break rows (all series null) so a chart does not draw a straight line across them.
 *
 * Two producers feed the same assembly: the SQL aggregation in lib/samples/buckets.ts (what
 * scales: the database returns only the buckets) and `Downsampler` below, which accepts rows in
 * time order (e.g. from iterateSamples) and is the reference the SQL is tested against.
 * Pure: no I/O.
 */

export interface RawRow {
  time: number;
  values: (number | null)[];
}

/** One bucket's aggregates; arrays are indexed like the series. */
export interface BucketAggregate {
  index: number;
  firstMs: number;
  lastMs: number;
  count: number;
  min: (number | null)[];
  max: (number | null)[];
}

export interface SeriesPayload {
  /** Epoch ms, strictly increasing. */
  t: number[];
  /** One array per series, aligned with t; null = no value at that point. */
  series: (number | null)[][];
  /** Indexes into t of break rows (a pause in the data: no line across it). */
  breaks: number[];
}

/** Pauses shorter than this are never breaks: Torque may log every few seconds. */
export const MIN_GAP_MS = 30_000;

/** Buckets for a requested number of output points: each bucket yields up to two points. */
export function bucketCount(points: number): number {
  return Math.max(1, Math.floor(points / 2));
}

/**
 * The bucket of an instant in [fromMs, toMs] split into n buckets: integer arithmetic, so the
 * SQL (`((ms - from) * n) / span` on bigint) and this give the same bucket for every sample.
 */
export function bucketIndex(timeMs: number, fromMs: number, toMs: number, n: number): number {
  const span = toMs - fromMs + 1;
  return Math.min(n - 1, Math.max(0, Math.floor(((timeMs - fromMs) * n) / span)));
}

/** Bucket width in ms for a range cut into n buckets. */
export function bucketWidthMs(fromMs: number, toMs: number, n: number): number {
  return (toMs - fromMs + 1) / n;
}

/**
 * The pause that counts as a gap: ten typical sample intervals, three bucket widths (adjacent
 * buckets' points can lie two widths apart), and never under MIN_GAP_MS.
 */
export function gapThresholdMs(meanIntervalMs: number, bucketMs = 0): number {
  return Math.max(MIN_GAP_MS, 10 * meanIntervalMs, 3 * bucketMs);
}

/** Raw rows as a payload (no downsampling), with breaks at gaps. */
export function rawPayload(rows: RawRow[], seriesCount: number, gapMs: number): SeriesPayload {
  const t = rows.map((r) => r.time);
  const series = Array.from({ length: seriesCount }, (_, s) => rows.map((r) => finiteOrNull(r.values[s])));
  return insertBreaks({ t, series, breaks: [] }, gapMs);
}

/**
 * Assembles the payload from the first sample, the buckets (which must exclude the first and
 * the last sample, sorted by index) and the last sample.
 */
export function assembleBuckets(
  first: RawRow | null,
  buckets: BucketAggregate[],
  last: RawRow | null,
  seriesCount: number,
  gapMs: number,
): SeriesPayload {
  const t: number[] = [];
  const series: (number | null)[][] = Array.from({ length: seriesCount }, () => []);
  const push = (time: number, value: (s: number) => number | null) => {
    if (t.length > 0 && time <= t[t.length - 1]) return;
    t.push(time);
    for (let s = 0; s < seriesCount; s++) series[s].push(value(s));
  };
  if (first) push(first.time, (s) => finiteOrNull(first.values[s]));
  const filled = buckets.filter((b) => b.count > 0);
  // The level of series s around bucket i: the mid-range of the nearest bucket with a value.
  const mid = (i: number, s: number, direction: 1 | -1): number | null => {
    for (let j = i + direction; j >= 0 && j < filled.length; j += direction) {
      const lo = finiteOrNull(filled[j].min[s]);
      const hi = finiteOrNull(filled[j].max[s]);
      if (lo !== null && hi !== null) return (lo + hi) / 2;
    }
    const edge = direction === -1 ? first : last;
    return edge ? finiteOrNull(edge.values[s]) : null;
  };
  filled.forEach((b, i) => {
    const minFirst = (s: number) => {
      const before = mid(i, s, -1);
      const after = mid(i, s, 1);
      return before === null || after === null || after >= before;
    };
    const order = Array.from({ length: seriesCount }, (_, s) => minFirst(s));
    push(b.firstMs, (s) => finiteOrNull(order[s] ? b.min[s] : b.max[s]));
    if (b.lastMs > b.firstMs) push(b.lastMs, (s) => finiteOrNull(order[s] ? b.max[s] : b.min[s]));
  });
  if (last) push(last.time, (s) => finiteOrNull(last.values[s]));
  return insertBreaks({ t, series, breaks: [] }, gapMs);
}

/** Adds a break row (all null) in the middle of every pause longer than gapMs. */
export function insertBreaks(payload: SeriesPayload, gapMs: number): SeriesPayload {
  const { t, series } = payload;
  const out: SeriesPayload = { t: [], series: series.map(() => []), breaks: [] };
  for (let i = 0; i < t.length; i++) {
    if (i > 0 && t[i] - t[i - 1] > gapMs) {
      out.breaks.push(out.t.length);
      out.t.push(Math.round((t[i] + t[i - 1]) / 2));
      for (const s of out.series) s.push(null);
    }
    out.t.push(t[i]);
    series.forEach((values, s) => out.series[s].push(values[i]));
  }
  return out;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

/** Running extremes of one series in one bucket. */
interface SeriesAccumulator {
  min: number;
  max: number;
}

/**
 * The streaming reference downsampler: feed rows in time order (any batch size), then call
 * `result()`. Memory is one accumulator per bucket and series, whatever the row count.
 */
export class Downsampler {
  private readonly n: number;
  private readonly buckets = new Map<number, { agg: BucketAggregate; acc: (SeriesAccumulator | null)[] }>();
  private readonly rawRows: RawRow[] = [];
  private first: RawRow | null = null;
  private last: RawRow | null = null;
  private count = 0;

  constructor(
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly points: number,
    private readonly seriesCount: number,
  ) {
    this.n = bucketCount(points);
  }

  add(row: RawRow): void {
    if (row.time < this.fromMs || row.time > this.toMs) return;
    this.count++;
    // Until the row count exceeds the points, the raw rows are the answer.
    if (this.rawRows.length <= this.points) this.rawRows.push(row);
    if (this.first === null) {
      this.first = row;
      return;
    }
    // The previous last row becomes a bucket member; the newest row is held back as "last".
    if (this.last !== null) this.aggregate(this.last);
    this.last = row;
  }

  private aggregate(row: RawRow): void {
    const index = bucketIndex(row.time, this.fromMs, this.toMs, this.n);
    let bucket = this.buckets.get(index);
    if (!bucket) {
      const nulls = () => new Array<number | null>(this.seriesCount).fill(null);
      bucket = {
        agg: { index, firstMs: row.time, lastMs: row.time, count: 0, min: nulls(), max: nulls() },
        acc: new Array<SeriesAccumulator | null>(this.seriesCount).fill(null),
      };
      this.buckets.set(index, bucket);
    }
    const { agg, acc } = bucket;
    agg.count++;
    agg.lastMs = row.time;
    for (let s = 0; s < this.seriesCount; s++) {
      const y = finiteOrNull(row.values[s]);
      if (y === null) continue;
      const a = (acc[s] ??= { min: y, max: y });
      a.min = Math.min(a.min, y);
      a.max = Math.max(a.max, y);
    }
  }

  /** Samples seen in the range. */
  get total(): number {
    return this.count;
  }

  result(meanIntervalMs?: number): SeriesPayload {
    const interval = meanIntervalMs ?? this.meanInterval();
    if (this.count <= this.points) return rawPayload(this.rawRows, this.seriesCount, gapThresholdMs(interval));
    const aggregates = [...this.buckets.values()]
      .map(({ agg, acc }) => ({
        ...agg,
        min: acc.map((a) => a?.min ?? null),
        max: acc.map((a) => a?.max ?? null),
      }))
      .sort((a, b) => a.index - b.index);
    const gap = gapThresholdMs(interval, bucketWidthMs(this.fromMs, this.toMs, this.n));
    return assembleBuckets(this.first, aggregates, this.last, this.seriesCount, gap);
  }

  private meanInterval(): number {
    if (this.count < 2 || !this.first || !this.last) return 0;
    return (this.last.time - this.first.time) / (this.count - 1);
  }
}

/** Downsamples rows already in memory (time order). */
export function downsampleRows(rows: RawRow[], fromMs: number, toMs: number, points: number, seriesCount: number): SeriesPayload {
  const d = new Downsampler(fromMs, toMs, points, seriesCount);
  for (const row of rows) d.add(row);
  return d.result();
}
