import { describe, expect, it } from "vitest";
import { displayPids, formatValue, groupByUnit, seriesPoints, valueAt, type PidLabel } from "./chart-model";

const catalog = new Map<string, PidLabel>(
  [
    { key: "d", name: "Speed (OBD)", shortName: "Speed", unit: "km/h", phoneUnit: "mph" },
    { key: "ff1001", name: "Speed (GPS)", shortName: "GPS Spd", unit: "km/h", phoneUnit: "mph" },
    { key: "c", name: "Engine RPM", shortName: "Revs", unit: "rpm", phoneUnit: "rpm" },
    { key: "5", name: "Engine Coolant Temperature", shortName: "Coolant", unit: "°C", phoneUnit: "°F" },
    { key: "f", name: "Intake Air Temperature", shortName: "Intake", unit: "°C", phoneUnit: null },
  ].map((p) => [p.key, p]),
);

describe("displayPids", () => {
  it("shows each PID in the phone's unit unless overridden, converting through lib/units", () => {
    const pids = displayPids(["d", "5", "f", "missing"], catalog, { f: "°F" }, "metric");
    expect(pids.map((p) => [p.key, p.unit])).toEqual([["d", "mph"], ["5", "°F"], ["f", "°F"]]);
    expect(pids[0].convert(160.9344)).toBeCloseTo(100, 9);
    expect(pids[1].convert(90)).toBeCloseTo(194, 9);
    expect(pids[1].convert(null)).toBeNull();
  });

  it("falls back to the unit system without a phone unit", () => {
    const [intake] = displayPids(["f"], catalog, {}, "imperial");
    expect(intake.unit).toBe("°F");
    const [metric] = displayPids(["f"], catalog, {}, "metric");
    expect(metric.unit).toBe("°C");
  });
});

describe("groupByUnit", () => {
  it("shares an axis per unit and puts two units on a chart, left and right", () => {
    const charts = groupByUnit(displayPids(["d", "c", "5", "ff1001", "f"], catalog, {}, "metric"));
    expect(charts.map((c) => [c.left.unit, c.left.pids.map((p) => p.key), c.right?.unit, c.right?.pids.map((p) => p.key)])).toEqual([
      ["mph", ["d", "ff1001"], "rpm", ["c"]],
      ["°F", ["5"], "°C", ["f"]],
    ]);
  });
});

describe("seriesPoints and valueAt", () => {
  const payload = {
    t: [0, 1000, 2000, 50_000, 98_000, 99_000],
    series: { d: [10, null, 30, null, 40, null] },
    breaks: [3],
  };
  const pid = { key: "d", convert: (v: number | null) => v };

  it("keeps the series' own values and stops the line at a break", () => {
    expect(seriesPoints(payload, pid)).toEqual([
      { t: 0, v: 10 },
      { t: 2000, v: 30 },
      { t: 50_000, v: null },
      { t: 98_000, v: 40 },
    ]);
  });

  it("finds the value nearest in time, within a tolerance", () => {
    const points = seriesPoints(payload, pid);
    expect(valueAt(points, 900, 5000)).toBe(10);
    expect(valueAt(points, 1600, 5000)).toBe(30);
    expect(valueAt(points, 30_000, 5000)).toBeNull();
    expect(valueAt([], 0, 5000)).toBeNull();
  });

  it("formats values to a sensible precision", () => {
    expect(formatValue(1633.4, "rpm")).toBe("1,633 rpm");
    expect(formatValue(64.5821, "mph")).toBe("64.58 mph");
    expect(formatValue(0.03124)).toBe("0.031");
    expect(formatValue(1.0006, "gal")).toBe("1.00 gal");
    expect(formatValue(0)).toBe("0");
    expect(formatValue(null, "mph")).toBe("–");
  });
});
