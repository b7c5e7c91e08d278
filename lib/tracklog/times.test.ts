import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatDeviceTime, formatGpsTime, monthNumber, parseDeviceTime, parseGpsTime, zoneTokenOffset } from "./index";

const LA = "America/Los_Angeles";
const utc = (iso: string): number => Date.parse(iso);

describe("parseGpsTime", () => {
  it.each([
    ["Tue Mar 29 06:58:19 PDT 2016", "2016-03-29T13:58:19Z"],
    ["Tue Jan 05 06:58:19 PST 2016", "2016-01-05T14:58:19Z"],
    ["Wed Feb 23 06:37:13 GMT+08:00 2022", "2022-02-22T22:37:13Z"],
    ["Wed Feb 23 06:37:13 GMT+0800 2022", "2022-02-22T22:37:13Z"],
    ["Wed Feb 23 06:37:13 GMT+8 2022", "2022-02-22T22:37:13Z"],
    ["Wed Feb 23 06:37:13 GMT-03:30 2022", "2022-02-23T10:07:13Z"],
    ["Wed Feb 23 06:37:13 UTC+05:45 2022", "2022-02-23T00:52:13Z"],
    ["Wed Feb 23 06:37:13 UTC 2022", "2022-02-23T06:37:13Z"],
    ["Wed Feb 23 06:37:13 GMT 2022", "2022-02-23T06:37:13Z"],
    ["Mon Jul 04 10:00:00 EDT 2016", "2016-07-04T14:00:00Z"],
    ["Mon Jan 04 10:00:00 CET 2016", "2016-01-04T09:00:00Z"],
    ["Mon Jul 04 10:00:00 CEST 2016", "2016-07-04T08:00:00Z"],
    ["Mon Jul 04 10:00:00 BST 2016", "2016-07-04T09:00:00Z"],
    ["Mon Jul 04 10:00:00 AEST 2016", "2016-07-04T00:00:00Z"],
    ["Mon Jan 04 10:00:00 AEDT 2016", "2016-01-03T23:00:00Z"],
    ["Mon Jan 04 10:00:00 ACDT 2016", "2016-01-03T23:30:00Z"],
    ["Mon Jan 04 10:00:00 NZDT 2016", "2016-01-03T21:00:00Z"],
    ["Mon Jan 04 10:00:00 pst 2016", "2016-01-04T18:00:00Z"], // case-insensitive zone
    ["  Tue Mar 29 06:58:19 PDT 2016  ", "2016-03-29T13:58:19Z"],
    ["Tue Mar 1 06:58:19 PST 2016", "2016-03-01T14:58:19Z"], // unpadded day
    ["Mon Feb 29 12:00:00 UTC 2016", "2016-02-29T12:00:00Z"],
  ])("%j -> %s", (cell, iso) => {
    expect(parseGpsTime(cell)).toBe(utc(iso));
  });

  it.each([
    "Tue Mar 29 06:58:19 XYZ 2016", // unknown abbreviation
    "Tue Mar 29 06:58:19 IST 2016", // ambiguous (India / Ireland / Israel)
    "Tue Mar 29 06:58:19 GMT+15:00 2016",
    "Tue Foo 29 06:58:19 PDT 2016",
    "Sun Feb 29 06:58:19 PST 2015", // not a leap year
    "Tue Mar 29 24:00:00 PDT 2016",
    "Tue Mar 29 06:60:00 PDT 2016",
    "Tue Mar 29 06:58 PDT 2016",
    "29-Mar-2016 06:58:18.846",
    "-",
    "",
  ])("%j -> null", (cell) => {
    expect(parseGpsTime(cell)).toBeNull();
  });
});

describe("zoneTokenOffset", () => {
  it("knows the common abbreviations and GMT offsets", () => {
    expect(zoneTokenOffset("PDT")).toBe(-420);
    expect(zoneTokenOffset("EST")).toBe(-300);
    expect(zoneTokenOffset("CEST")).toBe(120);
    expect(zoneTokenOffset("AEST")).toBe(600);
    expect(zoneTokenOffset("GMT+05:30")).toBe(330);
    expect(zoneTokenOffset("GMT-0230")).toBe(-150);
    expect(zoneTokenOffset("IST")).toBeNull();
    expect(zoneTokenOffset("hasOwnProperty")).toBeNull();
    expect(zoneTokenOffset("GMT+05:60")).toBeNull();
  });
});

describe("parseDeviceTime", () => {
  it("reads the fixture's format as local time in the given zone", () => {
    expect(parseDeviceTime("29-Mar-2016 06:58:18.846", LA)).toBe(1459259898846);
    expect(parseDeviceTime("29-Mar-2016 06:58:18.846", "UTC")).toBe(utc("2016-03-29T06:58:18.846Z"));
    expect(parseDeviceTime("29-Mar-2016 06:58:18.846", "Europe/Berlin")).toBe(utc("2016-03-29T04:58:18.846Z"));
    expect(parseDeviceTime("29-Mar-2016 06:58:18", LA)).toBe(1459259898000); // no ms
    expect(parseDeviceTime("29-Mar-2016 06:58:18.8", LA)).toBe(1459259898800); // a fraction
    expect(parseDeviceTime("29-Mar-2016 06:58:18,846", LA)).toBe(1459259898846); // decimal comma
    expect(parseDeviceTime("9-Mar-2016 6:58:18.846", "UTC")).toBe(utc("2016-03-09T06:58:18.846Z"));
    expect(parseDeviceTime(" 29-mar-2016 06:58:18.846 ", LA)).toBe(1459259898846);
  });

  it.each([
    ["29-Mär-2016", "de"],
    ["29-Mrz-2016", "de (old Java)"],
    ["29-März-2016", "de"],
    ["29-mars-2016", "fr"],
    ["29-MARS-2016", "fr, upper case"],
    ["29-mar.-2016", "es"],
    ["29-mar-2016", "it"],
    ["29-mrt.-2016", "nl"],
    ["29-mrt-2016", "nl, no dot"],
    ["29-março-2016", "pt"],
    ["29-marca-2016", "pl genitive"],
  ])("%s (%s) is 29 March", (date) => {
    expect(parseDeviceTime(`${date} 06:58:18.846`, LA)).toBe(1459259898846);
  });

  it.each([
    ["Jan", 1], ["janv.", 1], ["ene.", 1], ["gen", 1], ["Jän", 1], ["sty", 1],
    ["Feb.", 2], ["févr.", 2], ["fev", 2], ["lut", 2],
    ["avr.", 4], ["abr.", 4], ["kwi", 4],
    ["Mai", 5], ["may.", 5], ["mag", 5], ["mei", 5], ["maj", 5],
    ["Juni", 6], ["juin", 6], ["giu", 6], ["jun.", 6], ["cze", 6],
    ["Juli", 7], ["juil.", 7], ["lug", 7], ["lip", 7],
    ["août", 8], ["ago.", 8], ["aug", 8], ["sie", 8],
    ["Sept.", 9], ["set", 9], ["wrz", 9],
    ["Okt.", 10], ["oct.", 10], ["ott", 10], ["out.", 10], ["paź", 10],
    ["nov.", 11], ["lis", 11],
    ["Dez.", 12], ["déc.", 12], ["dic.", 12], ["des.", 12], ["gru", 12],
    ["foo", null], ["", null], ["m", null],
  ])("month %j -> %j", (name, month) => {
    expect(monthNumber(name)).toBe(month);
  });

  it("resolves DST gaps and overlaps like localToUtc", () => {
    expect(parseDeviceTime("13-Mar-2016 02:30:00.000", LA)).toBe(utc("2016-03-13T10:30:00Z")); // gap -> 03:30 PDT
    expect(parseDeviceTime("06-Nov-2016 01:30:00.000", LA)).toBe(utc("2016-11-06T08:30:00Z")); // overlap -> PDT
    expect(parseDeviceTime("02-Oct-2016 02:15:00.000", "Australia/Lord_Howe")).toBe(utc("2016-10-01T15:45:00Z"));
  });

  it.each([
    "31-Apr-2016 06:58:18.846",
    "29-Feb-2015 06:58:18.846",
    "29-Foo-2016 06:58:18.846",
    "29-Mar-2016 24:00:00.000",
    "29-Mar-2016 06:58:61.000",
    "29-Mar-16 06:58:18.846",
    "29/03/2016 06:58:18",
    "Tue Mar 29 06:58:19 PDT 2016",
    "-",
    "",
  ])("%j -> null", (cell) => {
    expect(parseDeviceTime(cell, LA)).toBeNull();
  });

  it("throws on an invalid zone (a caller bug, not a data problem)", () => {
    expect(() => parseDeviceTime("29-Mar-2016 06:58:18.846", "Not/AZone")).toThrow(RangeError);
  });
});

describe("formatDeviceTime / formatGpsTime", () => {
  it("writes Torque's formats", () => {
    expect(formatDeviceTime(1459259898846, LA)).toBe("29-Mar-2016 06:58:18.846");
    expect(formatDeviceTime(utc("2016-01-05T08:00:00.007Z"), LA)).toBe("05-Jan-2016 00:00:00.007");
    expect(formatGpsTime(1459259898846, LA)).toBe("Tue Mar 29 06:58:18 PDT 2016"); // truncated seconds
    expect(formatGpsTime(utc("2016-01-05T14:58:19Z"), LA)).toBe("Tue Jan 05 06:58:19 PST 2016");
  });

  it.each([
    ["Europe/Berlin", "2016-01-15T12:00:00Z", "Fri Jan 15 13:00:00 CET 2016"],
    ["Europe/Berlin", "2016-07-15T12:00:00Z", "Fri Jul 15 14:00:00 CEST 2016"],
    ["Europe/London", "2016-07-15T12:00:00Z", "Fri Jul 15 13:00:00 BST 2016"],
    ["Europe/London", "2016-01-15T12:00:00Z", "Fri Jan 15 12:00:00 GMT 2016"],
    ["America/New_York", "2016-07-15T12:00:00Z", "Fri Jul 15 08:00:00 EDT 2016"],
    ["Australia/Sydney", "2016-07-15T12:00:00Z", "Fri Jul 15 22:00:00 AEST 2016"],
    ["Asia/Shanghai", "2022-02-22T22:37:13Z", "Wed Feb 23 06:37:13 GMT+08:00 2022"],
    ["Asia/Kolkata", "2016-07-15T12:00:00Z", "Fri Jul 15 17:30:00 GMT+05:30 2016"],
    ["America/Sao_Paulo", "2016-07-15T12:00:00Z", "Fri Jul 15 09:00:00 GMT-03:00 2016"],
    ["UTC", "2016-07-15T12:00:00Z", "Fri Jul 15 12:00:00 UTC 2016"],
  ])("%s at %s -> %j", (tz, iso, expected) => {
    expect(formatGpsTime(utc(iso), tz)).toBe(expected);
  });

  it("round-trips in any zone: GPS Time to the second, Device Time to the millisecond", () => {
    const zones = [LA, "Europe/Berlin", "Europe/Dublin", "Asia/Kolkata", "Australia/Lord_Howe", "Asia/Shanghai", "UTC", "Pacific/Chatham"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: utc("2000-01-01T00:00:00Z"), max: utc("2035-01-01T00:00:00Z") }), (tz, t) => {
        expect(parseGpsTime(formatGpsTime(t, tz))).toBe(Math.floor(t / 1000) * 1000);
        const device = parseDeviceTime(formatDeviceTime(t, tz), tz) as number;
        // Equal, or the earlier twin when the wall time falls in a DST overlap.
        expect(device === t || (device < t && formatDeviceTime(device, tz) === formatDeviceTime(t, tz))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
