import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  formatInZone,
  isValidTimeZone,
  localToUtc,
  partsInZone,
  startOfDayInZone,
  startOfMonthInZone,
  startOfNextDayInZone,
  startOfNextMonthInZone,
  zoneOffsetMinutes,
} from "./index";

const LA = "America/Los_Angeles";
const BERLIN = "Europe/Berlin";
const LORD_HOWE = "Australia/Lord_Howe";
const KOLKATA = "Asia/Kolkata"; // +05:30 all year, no DST
const HOUR = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  ({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, ms });

describe("isValidTimeZone", () => {
  it.each([LA, BERLIN, LORD_HOWE, KOLKATA, "UTC", "Etc/GMT+8", "Asia/Singapore"])("%s is valid", (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });
  it.each(["", "  ", "Mars/Phobos", "PDT", "America/Los Angeles", "+25:00"])("%j is not", (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
  it("other functions throw RangeError on an invalid zone", () => {
    expect(() => formatInZone(0, "Mars/Phobos")).toThrow(RangeError);
  });
});

describe("formatInZone", () => {
  const session = 1459259898846; // the fixture trip's first Device Time, 06:58:18.846 PDT
  it("formats every style", () => {
    expect(formatInZone(session, LA, "iso")).toBe("2016-03-29T06:58:18.846-07:00");
    expect(formatInZone(session, LA)).toBe("2016-03-29 06:58:18");
    expect(formatInZone(session, LA, "datetime")).toBe("2016-03-29 06:58:18");
    expect(formatInZone(session, LA, "date")).toBe("2016-03-29");
    expect(formatInZone(session, LA, "time")).toBe("06:58:18");
    expect(formatInZone(session, "UTC", "iso")).toBe("2016-03-29T13:58:18.846+00:00");
    expect(formatInZone(session, BERLIN, "iso")).toBe("2016-03-29T15:58:18.846+02:00");
    expect(formatInZone(session, KOLKATA, "iso")).toBe("2016-03-29T19:28:18.846+05:30");
    expect(formatInZone(session, LORD_HOWE, "iso")).toBe("2016-03-30T00:58:18.846+11:00");
  });
  it("handles midnight as 00, instants before 1970, and odd historic offsets", () => {
    expect(formatInZone(utc("2016-01-01T08:00:00Z"), LA, "iso")).toBe("2016-01-01T00:00:00.000-08:00");
    expect(formatInZone(-1, "UTC", "iso")).toBe("1969-12-31T23:59:59.999+00:00");
    expect(formatInZone(utc("1880-01-01T00:00:00Z"), "America/New_York", "iso")).toBe(
      "1879-12-31T19:03:58.000-04:56:02",
    );
  });
});

describe("zoneOffsetMinutes", () => {
  it.each([
    ["2016-03-13T09:59:59Z", LA, -480],
    ["2016-03-13T10:00:00Z", LA, -420],
    ["2016-11-06T08:59:59Z", LA, -420],
    ["2016-11-06T09:00:00Z", LA, -480],
    ["2016-03-27T00:59:59Z", BERLIN, 60],
    ["2016-03-27T01:00:00Z", BERLIN, 120],
    ["2016-10-30T00:59:59Z", BERLIN, 120],
    ["2016-10-30T01:00:00Z", BERLIN, 60],
    // Lord Howe shifts by 30 minutes: +10:30 standard, +11:00 summer.
    ["2016-04-02T14:59:59Z", LORD_HOWE, 660],
    ["2016-04-02T15:00:00Z", LORD_HOWE, 630],
    ["2016-10-01T15:29:59Z", LORD_HOWE, 630],
    ["2016-10-01T15:30:00Z", LORD_HOWE, 660],
    ["2016-01-01T00:00:00Z", KOLKATA, 330],
    ["2016-07-01T00:00:00Z", KOLKATA, 330],
    ["2016-07-01T00:00:00Z", "America/Phoenix", -420],
    ["2016-07-01T00:00:00Z", "UTC", 0],
  ])("%s in %s -> %d", (iso, tz, expected) => {
    expect(zoneOffsetMinutes(utc(iso), tz)).toBe(expected);
  });
});

describe("localToUtc", () => {
  it("converts ordinary times", () => {
    expect(localToUtc(at(2016, 3, 29, 6, 58, 18, 846), LA)).toBe(1459259898846);
    expect(localToUtc(at(2016, 3, 29, 6, 58, 18), LA)).toBe(1459259898000); // ms optional
    expect(localToUtc({ year: 2016, month: 3, day: 29, hour: 6, minute: 58, second: 18 }, LA)).toBe(1459259898000);
    expect(localToUtc(at(2016, 7, 1, 12), KOLKATA)).toBe(utc("2016-07-01T06:30:00Z"));
    expect(localToUtc(at(2016, 7, 1, 12), "UTC")).toBe(utc("2016-07-01T12:00:00Z"));
    expect(localToUtc(at(50, 6, 15, 12), "UTC")).toBe(new Date(0).setUTCFullYear(50, 5, 15) + 12 * HOUR);
  });

  it.each([
    // [zone, local wall time, expected instant, why]
    [LA, at(2016, 3, 13, 2, 30), "2016-03-13T10:30:00Z", "gap: 02:30 -> 03:30 PDT"],
    [LA, at(2016, 3, 13, 2, 0), "2016-03-13T10:00:00Z", "gap start: 02:00 -> 03:00 PDT"],
    [LA, at(2016, 3, 13, 1, 59, 59), "2016-03-13T09:59:59Z", "last second of PST"],
    [LA, at(2016, 3, 13, 3, 0), "2016-03-13T10:00:00Z", "03:00 PDT exists"],
    [LA, at(2016, 11, 6, 1, 30), "2016-11-06T08:30:00Z", "overlap: earlier, 01:30 PDT"],
    [LA, at(2016, 11, 6, 0, 59), "2016-11-06T07:59:00Z", "before the overlap"],
    [LA, at(2016, 11, 6, 2, 0), "2016-11-06T10:00:00Z", "after the overlap: 02:00 PST"],
    [BERLIN, at(2016, 3, 27, 2, 30), "2016-03-27T01:30:00Z", "gap: 02:30 -> 03:30 CEST"],
    [BERLIN, at(2016, 10, 30, 2, 30), "2016-10-30T00:30:00Z", "overlap: earlier, 02:30 CEST"],
    [BERLIN, at(2016, 10, 30, 3, 0), "2016-10-30T02:00:00Z", "03:00 CET"],
    [LORD_HOWE, at(2016, 10, 2, 2, 15), "2016-10-01T15:45:00Z", "30-min gap: 02:15 -> 02:45 +11"],
    [LORD_HOWE, at(2016, 10, 2, 2, 30), "2016-10-01T15:30:00Z", "gap end"],
    [LORD_HOWE, at(2016, 4, 3, 1, 45), "2016-04-02T14:45:00Z", "30-min overlap: earlier, +11"],
    [LORD_HOWE, at(2016, 4, 3, 1, 29), "2016-04-02T14:29:00Z", "before the overlap"],
    ["America/Santiago", at(2016, 8, 14, 0, 0), "2016-08-14T04:00:00Z", "midnight gap -> 01:00 -03"],
  ])("%s %j -> %s (%s)", (tz, parts, iso) => {
    expect(localToUtc(parts, tz)).toBe(utc(iso));
  });

  it("matches what the zone shows for every valid wall time (round trip)", () => {
    const zones = [LA, BERLIN, LORD_HOWE, KOLKATA, "Asia/Tokyo", "America/Sao_Paulo", "Pacific/Chatham"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: utc("1990-01-01T00:00:00Z"), max: utc("2040-01-01T00:00:00Z") }),
        (tz, t) => {
          const back = localToUtc(partsInZone(t, tz), tz);
          // Equal, except in an overlap, where the earlier of the two instants is chosen.
          if (back !== t) {
            expect(back).toBeLessThan(t);
            expect(formatInZone(back, tz, "datetime")).toBe(formatInZone(t, tz, "datetime"));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    at(2016, 2, 30),
    at(2015, 2, 29),
    at(2016, 4, 31),
    at(2016, 13, 1),
    at(2016, 0, 1),
    at(2016, 1, 0),
    at(2016, 1, 1, 24),
    at(2016, 1, 1, 0, 60),
    at(2016, 1, 1, 0, 0, 60),
    at(2016, 1, 1, 0, 0, 0, 1000),
    at(2016, 1, 1.5),
    at(Number.NaN, 1, 1),
  ])("rejects %j", (parts) => {
    expect(() => localToUtc(parts, LA)).toThrow(RangeError);
  });

  it("accepts 29 February in leap years", () => {
    expect(localToUtc(at(2016, 2, 29), "UTC")).toBe(utc("2016-02-29T00:00:00Z"));
    expect(localToUtc(at(2000, 2, 29), "UTC")).toBe(utc("2000-02-29T00:00:00Z"));
  });
});

describe("a trip across a DST change", () => {
  it("keeps epoch order and duration while the wall clock repeats an hour", () => {
    // 01:50 PDT -> 01:10 PST on 2016-11-06: 20 minutes pass, the clock says -40.
    const start = localToUtc(at(2016, 11, 6, 1, 50), LA);
    const end = start + 20 * 60_000;
    expect(formatInZone(start, LA, "iso")).toBe("2016-11-06T01:50:00.000-07:00");
    expect(formatInZone(end, LA, "iso")).toBe("2016-11-06T01:10:00.000-08:00");
    expect(startOfDayInZone(start, LA)).toBe(startOfDayInZone(end, LA));
  });
  it("spring forward in Berlin: 01:50 CET + 20 min = 03:10 CEST", () => {
    const start = localToUtc(at(2016, 3, 27, 1, 50), BERLIN);
    expect(formatInZone(start + 20 * 60_000, BERLIN, "iso")).toBe("2016-03-27T03:10:00.000+02:00");
  });
});

describe("startOfDayInZone / startOfMonthInZone and the next ones", () => {
  const t = 1459259898846;
  it("uses the zone's calendar, not UTC's", () => {
    expect(startOfDayInZone(t, LA)).toBe(utc("2016-03-29T07:00:00Z"));
    expect(startOfDayInZone(t, LORD_HOWE)).toBe(utc("2016-03-29T13:00:00Z")); // already 30 March there
    expect(startOfDayInZone(t, KOLKATA)).toBe(utc("2016-03-28T18:30:00Z"));
    expect(startOfMonthInZone(t, LA)).toBe(utc("2016-03-01T08:00:00Z")); // 1 March was still PST
    expect(startOfMonthInZone(t, BERLIN)).toBe(utc("2016-02-29T23:00:00Z"));
    expect(startOfNextMonthInZone(t, LA)).toBe(utc("2016-04-01T07:00:00Z"));
    expect(startOfNextDayInZone(t, LA)).toBe(utc("2016-03-30T07:00:00Z"));
    expect(startOfNextMonthInZone(utc("2016-12-15T00:00:00Z"), "UTC")).toBe(utc("2017-01-01T00:00:00Z"));
    expect(startOfNextDayInZone(utc("2015-02-28T12:00:00Z"), "UTC")).toBe(utc("2015-03-01T00:00:00Z"));
    expect(startOfNextDayInZone(utc("2016-02-28T12:00:00Z"), "UTC")).toBe(utc("2016-02-29T00:00:00Z"));
  });
  it.each([
    [LA, "2016-03-13T18:00:00Z", 23],
    [LA, "2016-11-06T18:00:00Z", 25],
    [BERLIN, "2016-03-27T12:00:00Z", 23],
    [BERLIN, "2016-10-30T12:00:00Z", 25],
    [LORD_HOWE, "2016-10-02T02:00:00Z", 23.5],
    [LORD_HOWE, "2016-04-03T02:00:00Z", 24.5],
    [KOLKATA, "2016-03-27T12:00:00Z", 24],
    ["America/Santiago", "2016-08-14T12:00:00Z", 23], // the day starts at 01:00
  ])("a day in %s containing %s lasts %d h", (tz, iso, hours) => {
    const start = startOfDayInZone(utc(iso), tz);
    expect(startOfNextDayInZone(utc(iso), tz) - start).toBe(hours * HOUR);
    expect(startOfDayInZone(start, tz)).toBe(start); // idempotent
    expect(formatInZone(start, tz, "date")).toBe(formatInZone(utc(iso), tz, "date"));
  });
  it("the last instant before the start belongs to the previous day", () => {
    const start = startOfDayInZone(utc("2016-11-06T18:00:00Z"), LA);
    expect(formatInZone(start - 1, LA, "datetime")).toBe("2016-11-05 23:59:59");
  });
});
