import { describe, expect, it } from "vitest";
import {
  formatCellValue,
  formatHeaderCell,
  isHeaderRow,
  parseCellValue,
  parseHeader,
  parseHeaderCell,
  pidKeyForColumn,
  splitTrackLog,
  type FixedColumn,
} from "./index";

const NEW_FIXED =
  "GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G)";
const OLD_FIXED =
  "GPS Time, Device Time, Longitude, Latitude, GPS Speed (Meters/second), Horizontal Dilution of Precision, Altitude, Bearing, G(x), G(y), G(z), G(calibrated)";

describe("parseHeaderCell", () => {
  it.each([
    ["Throttle Position(Manifold)(%)", "Throttle Position(Manifold)", "%"],
    ["Engine Coolant Temperature(°F)", "Engine Coolant Temperature", "°F"],
    [" Engine RPM(rpm)", "Engine RPM", "rpm"], // leading space
    ["\uFEFFGPS Time", "GPS Time", null], // BOM
    ["\uFEFFEngine Load(%)", "Engine Load", "%"],
    ["Bearing", "Bearing", null],
    [" Bearing", "Bearing", null],
    ["GPS Satellites", "GPS Satellites", null],
    ["Hybrid Battery Charge (%)(%)", "Hybrid Battery Charge (%)", "%"], // the unit is the last group
    ["Acceleration Sensor(Total)(g)", "Acceleration Sensor(Total)", "g"],
    ["Trip Time(Since journey start)(s)", "Trip Time(Since journey start)", "s"],
    ["Barometer (on Android device)(mb)", "Barometer (on Android device)", "mb"],
    ["Air Fuel Ratio(Commanded)(:1)", "Air Fuel Ratio(Commanded)", ":1"],
    ["Ethanol Fuel %(%)", "Ethanol Fuel %", "%"],
    ["Fuel flow rate/hour(l/hr)", "Fuel flow rate/hour", "l/hr"],
    ["CO₂ in g/km (Average)(g/km)", "CO₂ in g/km (Average)", "g/km"],
    ["Turbo Boost & Vacuum Gauge(bar)", "Turbo Boost & Vacuum Gauge", "bar"],
    ["Some PID (x)", "Some PID", "x"], // space before the unit group is not part of the name
    ["Custom(a(b))", "Custom", "a(b)"], // nested group stays one unit
    ["Unbalanced)", "Unbalanced)", null],
    ["(%)", "(%)", null], // nothing before the group: not a name + unit
    ["Empty unit()", "Empty unit", null],
    ["", "", null],
    // whole cell is a known name ending in a group that is not a unit
    ["O2 Sensor1 Equivalence Ratio(alternate)", "O2 Sensor1 Equivalence Ratio(alternate)", null],
    ["Commanded Equivalence Ratio(lambda)", "Commanded Equivalence Ratio(lambda)", null],
    ["Engine Load(Absolute)", "Engine Load(Absolute)", null],
    ["Engine Load(Absolute)(%)", "Engine Load(Absolute)", "%"],
    ["G(x)", "G(x)", null],
    [" G(calibrated)", "G(calibrated)", null],
    ["GPS Speed (Meters/second)", "GPS Speed", "Meters/second"],
    [" Gravity X(G)", "Gravity X", "G"],
  ])("%j -> %j (%j)", (cell, name, unit) => {
    expect(parseHeaderCell(cell)).toEqual({ name, unit });
  });
});

describe("parseHeader: fixed columns by name", () => {
  const fixedOf = (line: string) => parseHeader(line.split(",")).map((c) => c.fixed);

  it("recognises the current generation", () => {
    expect(fixedOf(NEW_FIXED)).toEqual<FixedColumn[]>([
      "gpsTime", "deviceTime", "longitude", "latitude", "gpsSpeed", "hdop", "altitude", "bearing",
      "gravityX", "gravityY", "gravityZ",
    ]);
    const cols = parseHeader(NEW_FIXED.split(","));
    expect(cols[4]).toEqual({ index: 4, header: "GPS Speed(km/h)", name: "GPS Speed", unit: "km/h", fixed: "gpsSpeed" });
    expect(cols[6]).toMatchObject({ header: " Altitude(m)", name: "Altitude", unit: "m" });
    expect(cols[8]).toMatchObject({ name: "Gravity X", unit: "G", fixed: "gravityX" });
  });

  it("recognises the old generation", () => {
    expect(fixedOf(OLD_FIXED)).toEqual<FixedColumn[]>([
      "gpsTime", "deviceTime", "longitude", "latitude", "gpsSpeed", "hdop", "altitude", "bearing",
      "gravityX", "gravityY", "gravityZ", "gravityCalibrated",
    ]);
    const cols = parseHeader(OLD_FIXED.split(","));
    expect(cols[4]).toMatchObject({ name: "GPS Speed", unit: "Meters/second" });
    expect(cols[6]).toMatchObject({ name: "Altitude", unit: null });
    expect(cols[11]).toMatchObject({ name: "G(calibrated)", unit: null, fixed: "gravityCalibrated" });
  });

  it("does not confuse PID columns with fixed ones, and ignores position", () => {
    const cells = ["Engine RPM(rpm)", "GPS Altitude(m)", "Speed (GPS)(km/h)", "GPS Bearing(°)", " Device Time", "GPS Longitude(°)", "GPS Time", " Latitude"];
    const cols = parseHeader(cells);
    expect(cols.map((c) => c.fixed)).toEqual([null, null, null, null, "deviceTime", null, "gpsTime", "latitude"]);
    expect(cols.map(pidKeyForColumn)).toEqual(["c", "ff1010", "ff1001", "ff123b", null, "ff1005", null, null]);
  });

  it("is case- and spacing-tolerant for fixed titles", () => {
    expect(parseHeader(["gps  time", "DEVICE TIME", "Gravity Z (G)", "g ( y )"]).map((c) => c.fixed)).toEqual([
      "gpsTime", "deviceTime", "gravityZ", "gravityY",
    ]);
  });
});

describe("isHeaderRow", () => {
  it("accepts both generations and a header with a BOM", () => {
    expect(isHeaderRow(NEW_FIXED.split(","))).toBe(true);
    expect(isHeaderRow(OLD_FIXED.split(","))).toBe(true);
    expect(isHeaderRow(["\uFEFFGPS Time", "Engine RPM(rpm)"])).toBe(true);
    expect(isHeaderRow([" Longitude", " Latitude", " Bearing", "Engine RPM(rpm)"])).toBe(true);
  });
  it("rejects data rows and PID-only lines", () => {
    expect(isHeaderRow("Tue Mar 29 06:58:19 PDT 2016,29-Mar-2016 06:58:18.846,-121.46,38.41,25.2".split(","))).toBe(false);
    expect(isHeaderRow(["-", "-", "-"])).toBe(false);
    expect(isHeaderRow([])).toBe(false);
    expect(isHeaderRow(["Engine RPM(rpm)", "Speed (OBD)(km/h)", "GPS Altitude(m)"])).toBe(false);
    expect(isHeaderRow([" Longitude", "Engine RPM(rpm)"])).toBe(false);
  });
});

describe("parseCellValue / formatCellValue", () => {
  it.each([
    ["-", null],
    ["", null],
    ["  ", null],
    ["27", 27],
    ["-121.46168616", -121.46168616],
    ["0.00352917", 0.00352917],
    ["7.0680253E-4", 7.0680253e-4],
    ["1e3", 1000],
    ["+5", 5],
    [".5", 0.5],
    ["5.", 5],
    [" 42 ", 42],
    ["-0", -0],
    ["NaN", null],
    ["Infinity", null],
    ["-Infinity", null],
    ["1e999", null],
    ["0x10", null],
    ["1,5", null],
    ["12abc", null],
    ["--1", null],
    ["1e", null],
    [".", null],
    ["∞", null],
  ])("%j -> %j", (cell, expected) => {
    expect(parseCellValue(cell)).toBe(expected);
  });
  it("formats missing values as Torque does", () => {
    expect(formatCellValue(null)).toBe("-");
    expect(formatCellValue(Number.NaN)).toBe("-");
    expect(formatCellValue(12.5)).toBe("12.5");
    expect(parseCellValue(formatCellValue(7.0680253e-7))).toBe(7.0680253e-7);
  });
});

describe("formatHeaderCell", () => {
  it("writes Name(unit) and round-trips through parseHeaderCell", () => {
    expect(formatHeaderCell("Engine RPM", "rpm")).toBe("Engine RPM(rpm)");
    expect(formatHeaderCell("GPS Satellites", null)).toBe("GPS Satellites");
    expect(formatHeaderCell("GPS Satellites", "")).toBe("GPS Satellites");
    expect(formatHeaderCell("Catalyst Temperature (Bank 1,Sensor 1)", "°F")).toBe("Catalyst Temperature (Bank 1 Sensor 1)(°F)");
    for (const [name, unit] of [["Throttle Position(Manifold)", "%"], ["Hybrid Battery Charge (%)", "%"], ["Trip average Litres/100 KM", "l/100km"]] as const) {
      expect(parseHeaderCell(formatHeaderCell(name, unit))).toEqual({ name, unit });
    }
  });
});

describe("splitTrackLog", () => {
  const trip = (first: string) =>
    `${NEW_FIXED},Engine RPM(rpm)\n${first},29-Mar-2016 06:58:18.846,-121.4,38.4,25.2,4.0,-51.0,109.5,0.9,0.1,-0.1,1329\n`;

  it("splits a file holding several trips at each header", () => {
    const text = `\uFEFF${trip("Tue Mar 29 06:58:19 PDT 2016")}${trip("Tue Mar 29 07:58:19 PDT 2016")}` +
      "Tue Mar 29 07:58:20 PDT 2016,29-Mar-2016 07:58:19.846,-,-,-,-,-,-,-,-,-,-\n";
    const { sections, rowsBeforeHeader } = splitTrackLog(text);
    expect(rowsBeforeHeader).toBe(0);
    expect(sections).toHaveLength(2);
    expect(sections.map((s) => s.rows.length)).toEqual([1, 2]);
    expect(sections[0].columns[0]).toMatchObject({ name: "GPS Time", fixed: "gpsTime" });
    expect(sections[1].columns[11]).toMatchObject({ name: "Engine RPM", unit: "rpm" });
  });

  it("copes with CRLF, blank lines, quoted cells and rows before any header", () => {
    const text = 'junk,1\r\n"GPS Time"," Device Time","Catalyst Temperature (Bank 1,Sensor 1)(°F)"\r\n\r\nx,y,"1,5"\r\n';
    const { sections, rowsBeforeHeader } = splitTrackLog(text);
    expect(rowsBeforeHeader).toBe(1);
    expect(sections).toHaveLength(1);
    expect(sections[0].columns[2]).toMatchObject({ name: "Catalyst Temperature (Bank 1,Sensor 1)", unit: "°F" });
    expect(pidKeyForColumn(sections[0].columns[2])).toBe("3c");
    expect(sections[0].rows).toEqual([["x", "y", "1,5"]]);
  });
});
