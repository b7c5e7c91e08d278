import { describe, expect, it } from "vitest";
import type { PidLabel } from "./chart-model";
import { formatDuration, inUnit, summaryUnits } from "./summary-units";

const pid = (key: string, unit: string, phoneUnit: string | null): [string, PidLabel] => [key, { key, name: key, shortName: null, unit, phoneUnit }];

describe("summaryUnits", () => {
  it("follows the units the phone shows for speed, trip distance, fuel and economy", () => {
    // As the fixture's phone sends them: an imperial driver whose l/100km PID still says l/100km.
    const catalog = new Map([pid("d", "km/h", "mph"), pid("ff1204", "km", "miles"), pid("ff1271", "l", "gal"), pid("ff1207", "l/100km", "l/100km")]);
    expect(summaryUnits(catalog, {}, "metric", "d")).toEqual({ speed: "mph", distance: "miles", volume: "gal", economy: "mpg" });
    expect(summaryUnits(catalog, { d: "km/h", ff1204: "km", ff1271: "l" }, "metric", "d")).toEqual({ speed: "km/h", distance: "km", volume: "l", economy: "l/100km" });
    expect(summaryUnits(catalog, { ff1204: "km", ff1207: "kpl" }, "metric", "d")).toMatchObject({ distance: "km", economy: "kpl" });
  });

  it("uses the unit system where the session has no such PID", () => {
    expect(summaryUnits(new Map(), {}, "imperial", null)).toEqual({ speed: "mph", distance: "miles", volume: "gal", economy: "mpg" });
    expect(summaryUnits(new Map(), {}, "metric", null)).toEqual({ speed: "km/h", distance: "km", volume: "l", economy: "l/100km" });
  });

  it("converts stored values with lib/units", () => {
    expect(inUnit(39.7266, "km", "miles")).toBeCloseTo(24.685, 3);
    expect(inUnit(9.535, "l/100km", "mpg")).toBeCloseTo(24.67, 2);
    expect(inUnit(null, "km", "miles")).toBeNull();
  });

  it("formats durations", () => {
    expect(formatDuration(2623.2)).toBe("43 min 43 s");
    expect(formatDuration(7500)).toBe("2 h 05 min");
    expect(formatDuration(null)).toBe("–");
  });
});
