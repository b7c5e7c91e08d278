import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketIndex, downsampleRows, gapThresholdMs, insertBreaks, MIN_GAP_MS, type RawRow } from "./downsample";

const T0 = Date.UTC(2024, 5, 1, 8, 0, 0);

/** n rows at 1 Hz of a smooth signal with a few sharp spikes, plus a second sparse series. */
function signal(n: number): RawRow[] {
  return Array.from({ length: n }, (_, i) => ({
    time: T0 + i * 1000,
    values: [50 + 30 * Math.sin(i / 200) + (i === 1234 ? 400 : 0) + (i === 2345 ? -300 : 0), i % 7 === 0 ? i : null],
  }));
}

const defined = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

describe("downsampleRows", () => {
  it("returns the raw rows when they fit in the requested points", () => {
    const rows = signal(300);
    const out = downsampleRows(rows, rows[0].time, rows[299].time, 300, 2);
    expect(out.t).toEqual(rows.map((r) => r.time));
    expect(out.series[0]).toEqual(rows.map((r) => r.values[0]));
    expect(out.breaks).toEqual([]);
  });

  it("keeps every extreme, the first and the last sample, within the point budget", () => {
    const rows = signal(3600);
    const out = downsampleRows(rows, rows[0].time, rows[3599].time, 800, 2);
    expect(out.t.length).toBeLessThanOrEqual(802);
    expect(out.t.length).toBeGreaterThan(700);
    const all = defined(rows.map((r) => r.values[0]));
    expect(Math.max(...defined(out.series[0]))).toBe(Math.max(...all));
    expect(Math.min(...defined(out.series[0]))).toBe(Math.min(...all));
    expect(out.t[0]).toBe(rows[0].time);
    expect(out.series[0][0]).toBe(rows[0].values[0]);
    expect(out.t.at(-1)).toBe(rows[3599].time);
    expect(out.series[0].at(-1)).toBe(rows[3599].values[0]);
    // The sparse series keeps its extremes too, and has values in most buckets.
    expect(Math.max(...defined(out.series[1]))).toBe(3598);
    for (let i = 1; i < out.t.length; i++) expect(out.t[i]).toBeGreaterThan(out.t[i - 1]);
  });

  it("orders each bucket's min and max by the bucket's trend, so a ramp stays a ramp", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ time: T0 + i * 100, values: [i] }));
    const out = downsampleRows(rows, T0, rows[999].time, 100, 1);
    const values = defined(out.series[0]);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    const falling = downsampleRows(rows.map((r) => ({ ...r, values: [-r.values[0]] })), T0, rows[999].time, 100, 1);
    const down = defined(falling.series[0]);
    for (let i = 1; i < down.length; i++) expect(down[i]).toBeLessThan(down[i - 1]);
  });

  it("breaks the line across a pause instead of joining both sides", () => {
    const before = Array.from({ length: 600 }, (_, i) => ({ time: T0 + i * 1000, values: [i] }));
    const after = Array.from({ length: 600 }, (_, i) => ({ time: T0 + 3_600_000 + i * 1000, values: [i] }));
    const rows = [...before, ...after];
    for (const points of [2000, 200]) {
      const out = downsampleRows(rows, T0, rows.at(-1)!.time, points, 1);
      expect(out.breaks).toHaveLength(1);
      const b = out.breaks[0];
      expect(out.series[0][b]).toBeNull();
      expect(out.t[b]).toBeGreaterThan(before.at(-1)!.time);
      expect(out.t[b]).toBeLessThan(after[0].time);
    }
  });

  it("ignores rows outside the range, NaN and missing values", () => {
    const rows: RawRow[] = [
      { time: T0 - 1000, values: [999] },
      { time: T0, values: [1] },
      { time: T0 + 1000, values: [Number.NaN] },
      { time: T0 + 2000, values: [] },
      { time: T0 + 3000, values: [3] },
      { time: T0 + 9000, values: [999] },
    ];
    const out = downsampleRows(rows, T0, T0 + 3000, 10, 1);
    expect(out.t).toEqual([T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    expect(out.series[0]).toEqual([1, null, null, 3]);
  });

  it("never loses a series' extremes nor exceeds the budget (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), { minLength: 2, maxLength: 600 }),
        fc.integer({ min: 4, max: 300 }),
        (values, points) => {
          const rows = values.map((v, i) => ({ time: T0 + i * 1000, values: [v] }));
          const out = downsampleRows(rows, T0, rows.at(-1)!.time, points, 1);
          const inData = defined(values);
          const kept = defined(out.series[0]);
          expect(out.t.length - out.breaks.length).toBeLessThanOrEqual(Math.max(points, 2) + 2);
          if (inData.length > 0) {
            expect(Math.max(...kept)).toBe(Math.max(...inData));
            expect(Math.min(...kept)).toBe(Math.min(...inData));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("bucketIndex", () => {
  it("spreads the range evenly and clamps its ends", () => {
    expect(bucketIndex(0, 0, 99, 10)).toBe(0);
    expect(bucketIndex(9, 0, 99, 10)).toBe(0);
    expect(bucketIndex(10, 0, 99, 10)).toBe(1);
    expect(bucketIndex(99, 0, 99, 10)).toBe(9);
    expect(bucketIndex(500, 0, 99, 10)).toBe(9);
    expect(bucketIndex(-5, 0, 99, 10)).toBe(0);
  });
});

describe("gaps", () => {
  it("are never shorter than MIN_GAP_MS and grow with the sample interval and bucket width", () => {
    expect(gapThresholdMs(100)).toBe(MIN_GAP_MS);
    expect(gapThresholdMs(5000)).toBe(50_000);
    expect(gapThresholdMs(1000, 40_000)).toBe(120_000);
  });

  it("insertBreaks adds one null row per long pause", () => {
    const out = insertBreaks({ t: [0, 1000, 100_000, 101_000], series: [[1, 2, 3, 4]], breaks: [] }, 30_000);
    expect(out).toEqual({ t: [0, 1000, 50_500, 100_000, 101_000], series: [[1, 2, null, 3, 4]], breaks: [2] });
  });
});
