import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { zoneOffsetMinutes } from "@/lib/time";
import { formatDeviceTime, formatGpsTime } from "@/lib/tracklog";
import { TIME_CELLS_MAX_BYTES, trackLogTimeWriter, writeText } from "./time-columns";

const direct = (ms: number, tz: string) => ({ gps: formatGpsTime(ms, tz), device: formatDeviceTime(ms, tz) });

/** The writer bound to one zone, its two cells read back as { gps, device } (neither has a comma). */
function timeCells(tz: string): (ms: number) => { gps: string; device: string } {
  const write = trackLogTimeWriter(tz);
  const out = Buffer.alloc(TIME_CELLS_MAX_BYTES);
  return (ms) => {
    const [gps, device] = out.toString("utf8", 0, write(out, 0, ms)).split(",");
    return { gps, device };
  };
}

// Zones with DST, half- and quarter-hour offsets, 30-minute DST (Lord Howe), southern
// hemisphere, offsets changed by law (Samoa skipped a day), LMT seconds before ~1900, and an
// offset with seconds until 1972 (Monrovia, -0:44:30).
const ZONES = [
  "UTC",
  "America/Los_Angeles",
  "Europe/Berlin",
  "Europe/Dublin",
  "Asia/Kathmandu",
  "Asia/Kolkata",
  "America/St_Johns",
  "Australia/Lord_Howe",
  "Australia/Adelaide",
  "Pacific/Chatham",
  "Pacific/Apia",
  "America/Sao_Paulo",
  "Africa/Casablanca",
  "Africa/Monrovia",
];

describe("trackLogTimeWriter", () => {
  it("formats exactly like formatGpsTime/formatDeviceTime (the fixture trip's first row)", () => {
    const f = timeCells("America/Los_Angeles");
    expect(f(Date.UTC(2016, 2, 29, 13, 58, 18, 846))).toEqual({ gps: "Tue Mar 29 06:58:18 PDT 2016", device: "29-Mar-2016 06:58:18.846" });
  });

  it("agrees with the direct formatters for runs of samples in any zone and era", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 1, maxLength: 40 }),
        (tz, start, steps) => {
          const f = timeCells(tz);
          let t = start;
          for (const step of steps) {
            t += step;
            expect(f(t)).toEqual(direct(t, tz));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("stays exact across every DST change of a year, second by second around each", () => {
    for (const tz of ["America/Los_Angeles", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"]) {
      const f = timeCells(tz);
      let checked = 0;
      for (let day = Date.UTC(2016, 0, 1); day < Date.UTC(2017, 0, 1); day += 86_400_000) {
        if (zoneOffsetMinutes(day, tz) === zoneOffsetMinutes(day + 86_400_000, tz)) continue;
        // Narrow the change down to the minute, then walk across it in odd steps.
        let [lo, hi] = [day, day + 86_400_000];
        while (hi - lo > 60_000) {
          const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
          if (zoneOffsetMinutes(mid, tz) === zoneOffsetMinutes(lo, tz)) lo = mid;
          else hi = mid;
        }
        for (let t = lo - 150_000; t <= hi + 150_000; t += 997) expect(f(t)).toEqual(direct(t, tz));
        checked++;
      }
      expect(checked).toBe(2);
    }
  });

  it("takes the slow path where a minute does not start at local second 00 (local mean time)", () => {
    // Los Angeles kept LMT (-7:52:58) until 1883-11-18: the cache must not shift seconds.
    const tz = "America/Los_Angeles";
    const f = timeCells(tz);
    for (let t = Date.UTC(1883, 10, 18, 19, 58); t < Date.UTC(1883, 10, 18, 20, 3); t += 1234) expect(f(t)).toEqual(direct(t, tz));
  });

  it("handles times out of order (cache misses) and instants before 1970", () => {
    const f = timeCells("Europe/Berlin");
    for (const t of [Date.UTC(2020, 5, 1), Date.UTC(1960, 0, 1, 0, 0, 0, 5), Date.UTC(2020, 5, 1, 0, 0, 59, 999), -1, 0, -60_001]) {
      expect(f(t)).toEqual(direct(t, "Europe/Berlin"));
    }
  });
});

describe("writeText", () => {
  it("writes text that is not ASCII as UTF-8", () => {
    const out = Buffer.alloc(16);
    expect(out.toString("utf8", 0, writeText(out, 0, "°C"))).toBe("°C");
  });
});
