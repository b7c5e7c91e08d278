import { describe, expect, it } from "vitest";
import { parseHeader, TORQUE_PID_NAMES } from "@/lib/tracklog";
import { collectPidMetadata } from "@/lib/tracklog/pid-metadata";
import { FIXTURE_DIR, readFixtureCsv, readFixtureRequests } from "@/lib/tracklog/fixture.testutil";
import { buildCatalogue, converterFor, customPidKey, planColumns, type PidMetaRow } from "./columns";

const EMPTY = buildCatalogue([], null);
const plan = (header: string, catalogue = EMPTY) => planColumns(parseHeader(header.split(",")), catalogue);

/** The value of key `key` in a row given as cells, through the plan's sources. */
function valueOf(p: ReturnType<typeof plan>, key: string, cells: string[]): number | null {
  for (const [index, convert] of p.sources[p.keys.indexOf(key)]) {
    const v = cells[index] === "-" ? null : convert(Number(cells[index]));
    if (v !== null) return v;
  }
  return null;
}

describe("customPidKey", () => {
  it("is 12 hex digits starting fe, the same for every spelling of a name, and never a Torque key", () => {
    const key = customPidKey("Oil Pressure (Bar 2)");
    expect(key).toMatch(/^fe[0-9a-f]{10}$/);
    expect(customPidKey("  oil pressure(bar 2)")).toBe(key);
    expect(customPidKey("Oil Pressure (Bar 1)")).not.toBe(key);
    expect(TORQUE_PID_NAMES.every((p) => p.key.length <= 6)).toBe(true);
  });
});

describe("planColumns: fixed columns", () => {
  it("maps the new generation to the keys uploads use; gravity becomes custom PIDs", () => {
    const p = plan("GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G)");
    expect(p.gpsTimeIndex).toBe(0);
    expect(p.deviceTimeIndex).toBe(1);
    expect(p.keys.slice(0, 6)).toEqual(["ff1005", "ff1006", "ff1001", "ff1239", "ff1010", "ff1007"]);
    expect(p.keys.slice(6)).toEqual([customPidKey("Gravity X"), customPidKey("Gravity Y"), customPidKey("Gravity Z")]);
    expect(p.unknown).toEqual(["Gravity X", "Gravity Y", "Gravity Z"]);
    expect(p.mapped).toHaveLength(6);
  });

  it("converts the old generation's GPS Speed from m/s to the stored km/h; G(x) is the same PID as Gravity X(G)", () => {
    const p = plan("GPS Time, Device Time, Longitude, Latitude, GPS Speed (Meters/second), Horizontal Dilution of Precision, Altitude, Bearing, G(x), G(y), G(z), G(calibrated)");
    const cells = ["t", "t", "-121.5", "38.4", "10", "4.0", "-51.0", "109.5", "0.97", "0.1", "-0.2", "1"];
    expect(valueOf(p, "ff1001", cells)).toBeCloseTo(36, 10);
    expect(valueOf(p, "ff1010", cells)).toBe(-51);
    expect(valueOf(p, customPidKey("Gravity X"), cells)).toBe(0.97);
    expect(p.keys).toContain(customPidKey("Gravity (calibrated)"));
  });

  it("prefers the PID column over the fixed column of the same key, wherever each is", () => {
    const p = plan("Longitude,GPS Time,GPS Longitude(°),Altitude(ft)");
    expect(p.keys).toEqual(["ff1005", "ff1010"]);
    expect(valueOf(p, "ff1005", ["-121.1", "t", "-121.2", "100"])).toBe(-121.2);
    expect(valueOf(p, "ff1005", ["-121.1", "t", "-", "100"])).toBe(-121.1);
    expect(valueOf(p, "ff1010", ["-121.1", "t", "-", "100"])).toBeCloseTo(30.48, 10);
  });
});

describe("planColumns: PID columns", () => {
  it("finds names with parentheses inside and converts display units back (°F -> °C, mph -> km/h, psi -> kPa)", () => {
    const p = plan("Device Time,Throttle Position(Manifold)(%),Engine Coolant Temperature(°F),Speed (OBD)(mph),Intake Manifold Pressure(psi)");
    expect(p.keys).toEqual(["11", "5", "d", "b"]);
    const cells = ["t", "12.5", "212", "62.13711922", "14.5038"];
    expect(valueOf(p, "11", cells)).toBe(12.5);
    expect(valueOf(p, "5", cells)).toBeCloseTo(100, 9);
    expect(valueOf(p, "d", cells)).toBeCloseTo(100, 6);
    expect(valueOf(p, "b", cells)).toBeCloseTo(100, 3);
  });

  it("uses the user's own metadata first: their custom PIDs, their spelling, their stored unit", () => {
    const meta: PidMetaRow[] = [
      { deviceId: 1, key: "22f40d", fullName: "Oil Pressure", shortName: "OilP", defaultUnit: "kPa" },
      { deviceId: 2, key: "5", fullName: "Engine Coolant Temperature", shortName: "Coolant", defaultUnit: "°C" },
      { deviceId: 2, key: "f", fullName: "Intake Air Temperature", shortName: "Intake", defaultUnit: "°C" },
      { deviceId: 2, key: "b", fullName: "Intake Manifold Pressure", shortName: "Intake", defaultUnit: "kPa" },
    ];
    const p = plan("GPS Time,oil  pressure(psi),OilP(kPa),Intake(kPa)", buildCatalogue(meta, 1));
    expect(p.keys).toEqual(["22f40d", customPidKey("Intake")]);
    expect(valueOf(p, "22f40d", ["t", "14.5038", "-", "1"])).toBeCloseTo(100, 3);
    expect(valueOf(p, "22f40d", ["t", "-", "99", "1"])).toBe(99); // unambiguous short name
    expect(p.unknown).toEqual(["Intake"]); // "Intake" is short for two PIDs: decides nothing
    // Metadata is only proposed for keys the target device does not describe yet.
    expect(p.newMeta.map((m) => m.key)).toEqual([customPidKey("Intake")]);
  });

  it("keeps unknown columns as custom PIDs with their name and unit, and skips what cannot be converted", () => {
    const p = plan("GPS Time,Boost Controller Duty(%),Engine Coolant Temperature(%),,GPS Satellites");
    expect(p.unknown).toEqual(["Boost Controller Duty"]);
    expect(p.newMeta).toContainEqual({ key: customPidKey("Boost Controller Duty"), fullName: "Boost Controller Duty", shortName: null, defaultUnit: "%" });
    expect(p.skipped).toEqual([{ column: "Engine Coolant Temperature(%)", reason: 'its unit "%" cannot be converted to the stored unit "°C"' }]);
    expect(p.keys).toEqual([customPidKey("Boost Controller Duty"), "ff123a"]);
  });
});

describe("converterFor", () => {
  it("takes values as they are when either side has no unit", () => {
    expect(converterFor(null, "°C")?.(5)).toBe(5);
    expect(converterFor("°", "")?.(109.5)).toBe(109.5);
    expect(converterFor("kpa", "kPa")?.(101)).toBe(101);
    expect(converterFor("l/100km", "kpl")?.(5)).toBeCloseTo(20, 10);
    expect(converterFor("°F", "km")).toBeNull();
  });
});

describe.skipIf(FIXTURE_DIR === null)("the fixture trip's header", () => {
  it("maps every column with the phone's uploaded metadata: only gravity is custom, nothing skipped", () => {
    const meta = collectPidMetadata(readFixtureRequests());
    const rows: PidMetaRow[] = [...meta].map(([key, m]) => ({ deviceId: 7, key, fullName: m.fullName ?? null, shortName: m.shortName ?? null, defaultUnit: m.defaultUnit ?? null }));
    const header = readFixtureCsv().split("\n")[0].split(",");
    const p = planColumns(parseHeader(header), buildCatalogue(rows, 7));
    expect(p.skipped).toEqual([]);
    expect(p.unknown).toEqual(["Gravity X", "Gravity Y", "Gravity Z"]);
    expect(p.mapped).toHaveLength(header.length - 2 - 3);
    expect(p.newMeta.map((m) => m.key).sort()).toEqual(p.keys.filter((k) => !meta.has(k)).sort());
  });
});
