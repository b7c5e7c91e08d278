import { describe, expect, it } from "vitest";
import { formatDuration, formatQuantity, formatStart, toStored } from "./format";

describe("list formatting", () => {
  it("shows durations the way people read them", () => {
    expect([formatDuration(null), formatDuration(45.4), formatDuration(723), formatDuration(3900)]).toEqual(["–", "45 s", "12 min 03 s", "1 h 05 min"]);
  });

  it("converts stored metric values for imperial users only", () => {
    expect(formatQuantity(1609.344, "km", "metric", 1)).toBe("1,609.3");
    expect(formatQuantity(1609.344, "km", "imperial", 1)).toBe("1,000.0");
    expect(formatQuantity(100, "km/h", "imperial", 0)).toBe("62");
    expect(formatQuantity(3.785411784, "l", "imperial", 2)).toBe("1.00");
    expect(formatQuantity(null, "l", "imperial", 2)).toBe("–");
    expect(toStored(1, "km", "imperial")).toBeCloseTo(1.609344, 6);
  });

  it("shows start times in the viewer's zone", () => {
    expect(formatStart("2024-07-01T06:05:00.000Z", "America/Los_Angeles")).toBe("2024-06-30 23:05");
  });
});
