import { describe, expect, it } from "vitest";
import { formatInZone } from "./index";
import { tickLabel, tickStep, timeTicks } from "./axis";
import { fromLocalInputValue, toLocalInputValue } from "./local-input";

const LA = "America/Los_Angeles";
const H = 3_600_000;

describe("a session across a DST change", () => {
  // 2016-11-06, Los Angeles falls back at 02:00 PDT to 01:00 PST.
  const start = Date.UTC(2016, 10, 6, 7, 30); // 00:30 PDT
  const end = Date.UTC(2016, 10, 6, 11, 30); // 03:30 PST, four real hours later

  it("formats its start and end in local wall time", () => {
    expect(formatInZone(start, LA)).toBe("2016-11-06 00:30:00");
    expect(formatInZone(end, LA)).toBe("2016-11-06 03:30:00");
    expect(formatInZone(start, LA, "iso")).toBe("2016-11-06T00:30:00.000-07:00");
    expect(formatInZone(end, LA, "iso")).toBe("2016-11-06T03:30:00.000-08:00");
  });

  it("gets an hourly tick for each real hour, the repeated 01:00 included", () => {
    const { step, ticks } = timeTicks(start, end, LA, 5);
    expect(step).toBe(H);
    expect(ticks.map((t) => tickLabel(t, LA, step))).toEqual(["01:00", "01:00", "02:00", "03:00"]);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBe(H);
  });

  it("gets no tick for the hour that does not exist when clocks spring forward", () => {
    // 2016-03-13: 02:00 PST becomes 03:00 PDT.
    const from = Date.UTC(2016, 2, 13, 8, 30); // 00:30 PST
    const to = Date.UTC(2016, 2, 13, 11, 30); // 04:30 PDT
    const { step, ticks } = timeTicks(from, to, LA, 4);
    expect(step).toBe(H);
    expect(ticks.map((t) => tickLabel(t, LA, step))).toEqual(["01:00", "03:00", "04:00"]);
  });

  it("puts 15-minute ticks on the zone's quarter hours, even with a :45 offset", () => {
    const from = Date.UTC(2024, 0, 1, 0, 0); // 05:45 in Kathmandu (+05:45)
    const { step, ticks } = timeTicks(from, from + H, "Asia/Kathmandu", 4);
    expect(step).toBe(15 * 60_000);
    expect(ticks.map((t) => tickLabel(t, "Asia/Kathmandu", step))).toEqual(["05:45", "06:00", "06:15", "06:30", "06:45"]);
  });

  it("puts day ticks at local midnight", () => {
    const from = Date.UTC(2016, 10, 5, 12);
    const { step, ticks } = timeTicks(from, from + 3 * 24 * H, LA, 4);
    expect(step).toBe(24 * H);
    expect(ticks.map((t) => formatInZone(t, LA))).toEqual(["2016-11-06 00:00:00", "2016-11-07 00:00:00", "2016-11-08 00:00:00"]);
    // The fall-back day is 25 hours long.
    expect(ticks[1] - ticks[0]).toBe(25 * H);
  });
});

describe("tickStep", () => {
  it("grows with the range", () => {
    expect(tickStep(0, 60_000, 6)).toBe(10_000);
    expect(tickStep(0, 4 * H, 8)).toBe(30 * 60_000);
  });
});

describe("datetime-local values in a zone", () => {
  it("round-trip, and read a wall time in the chosen zone, not the browser's", () => {
    const t = Date.UTC(2016, 2, 29, 13, 58, 18);
    expect(toLocalInputValue(t, LA)).toBe("2016-03-29T06:58:18");
    expect(fromLocalInputValue("2016-03-29T06:58:18", LA)).toBe(t);
    expect(fromLocalInputValue("2016-03-29T06:58", LA)).toBe(t - 18_000);
    expect(fromLocalInputValue("2016-03-29T06:58:18", "Europe/Berlin")).toBe(Date.UTC(2016, 2, 29, 4, 58, 18));
    expect(fromLocalInputValue("yesterday", LA)).toBeNull();
    expect(fromLocalInputValue("2016-02-30T00:00", LA)).toBeNull();
  });
});
