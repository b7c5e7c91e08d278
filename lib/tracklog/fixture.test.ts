/**
 * The real trip: the app's own trackLog.csv export against the uploads of the same trip
 * (fixtures/torque/README.md). Checks header parsing, both time columns and unit handling
 * on 2,580 real rows.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { convertValue, toStoredUnit } from "@/lib/units";
import { FIXTURE_DIR, readFixtureCsv, readFixtureRequests } from "./fixture.testutil";
import {
  parseCellValue,
  parseDeviceTime,
  parseGpsTime,
  pidByKey,
  pidKeyForColumn,
  splitTrackLog,
  type TrackLogSection,
} from "./index";

const LA = "America/Los_Angeles";

describe.skipIf(FIXTURE_DIR === null)("the fixture's trackLog.csv", () => {
  let trip: TrackLogSection;
  let deviceTimes: number[];
  let uploads: URLSearchParams[];

  beforeAll(() => {
    const { sections, rowsBeforeHeader } = splitTrackLog(readFixtureCsv());
    expect(sections).toHaveLength(1);
    expect(rowsBeforeHeader).toBe(0);
    trip = sections[0];
    deviceTimes = trip.rows.map((r) => parseDeviceTime(r[1], LA) as number);
    uploads = readFixtureRequests();
  });

  const column = (name: string) => {
    const c = trip.columns.find((col) => col.name === name);
    if (c === undefined) throw new Error(`no column ${name}`);
    return c;
  };
  const nearestRow = (t: number) => {
    let best = 0;
    for (let i = 1; i < deviceTimes.length; i++) if (Math.abs(deviceTimes[i] - t) < Math.abs(deviceTimes[best] - t)) best = i;
    return best;
  };

  it("has 154 columns: 11 fixed ones of the current generation and 143 PIDs, all mapped by name", () => {
    expect(trip.columns).toHaveLength(154);
    expect(trip.rows).toHaveLength(2580);
    expect(trip.rows.every((r) => r.length === 154)).toBe(true);
    expect(trip.columns.filter((c) => c.fixed !== null).map((c) => [c.fixed, c.unit])).toEqual([
      ["gpsTime", null], ["deviceTime", null], ["longitude", null], ["latitude", null], ["gpsSpeed", "km/h"], ["hdop", null],
      ["altitude", "m"], ["bearing", null], ["gravityX", "G"], ["gravityY", "G"], ["gravityZ", "G"],
    ]);
    const pidColumns = trip.columns.filter((c) => c.fixed === null);
    expect(pidColumns).toHaveLength(143);
    const keys = pidColumns.map(pidKeyForColumn);
    expect(keys.filter((k) => k === null)).toHaveLength(0);
    expect(new Set(keys).size).toBe(143);
  });

  it("gives every PID column a unit convertible to the stored (upload) unit", () => {
    for (const c of trip.columns.filter((col) => col.fixed === null)) {
      const stored = pidByKey(pidKeyForColumn(c) as string)?.unit as string;
      expect(toStoredUnit(1, c.unit ?? "", stored), `${c.header} -> ${stored}`).not.toBeNull();
    }
  });

  it("parses every Device Time (America/Los_Angeles) within 2 s of its GPS Time, in order", () => {
    let maxDiff = 0;
    trip.rows.forEach((r, i) => {
      const gps = parseGpsTime(r[0]);
      expect(gps, r[0]).not.toBeNull();
      expect(deviceTimes[i], r[1]).not.toBeNull();
      maxDiff = Math.max(maxDiff, Math.abs((gps as number) - deviceTimes[i]));
      if (i > 0) expect(deviceTimes[i]).toBeGreaterThan(deviceTimes[i - 1]);
    });
    expect(maxDiff).toBeLessThan(2000);
    expect(deviceTimes[0]).toBe(Date.UTC(2016, 2, 29, 13, 58, 18, 846)); // 06:58:18.846 PDT
  });

  it("has about 40% missing cells, all written as '-'", () => {
    let missing = 0;
    let numbers = 0;
    for (const r of trip.rows) {
      for (const cell of r.slice(2)) {
        const v = parseCellValue(cell);
        if (v === null) {
          expect(cell).toBe("-");
          missing++;
        } else numbers++;
      }
    }
    expect(missing / (missing + numbers)).toBeGreaterThan(0.35);
    expect(missing / (missing + numbers)).toBeLessThan(0.45);
  });

  it("coolant in °F converts to °C that agree with the uploaded k5 (°C)", () => {
    const coolant = column("Engine Coolant Temperature");
    expect(coolant.unit).toBe("°F");
    expect(convertValue(150.8, "°F", "°C")).toBeCloseTo(66, 6);
    let compared = 0;
    for (const u of uploads) {
      const k5 = u.get("k5");
      if (k5 === null) continue;
      const csv = parseCellValue(trip.rows[nearestRow(Number(u.get("time")))][coolant.index]);
      if (csv === null) continue;
      const celsius = toStoredUnit(csv, coolant.unit as string, pidByKey("5")?.unit as string) as number;
      // Samples up to 1 s apart and coolant moves in whole °C steps: at most one step off.
      expect(Math.abs(celsius - Number(k5))).toBeLessThanOrEqual(1.001);
      compared++;
    }
    expect(compared).toBeGreaterThan(400);
    const first = uploads.find((u) => u.has("k5"));
    expect(Number(first?.get("k5"))).toBe(55); // the trip's first coolant upload
    const firstCsv = trip.rows.map((r) => parseCellValue(r[coolant.index])).find((v) => v !== null);
    expect(firstCsv).toBeCloseTo(131, 3); // 55 °C in °F
  });

  it("boost in bar (CSV) and psi (upload, the stored unit) agree", () => {
    const boost = column("Turbo Boost & Vacuum Gauge");
    expect([boost.unit, pidByKey("ff1202")?.unit]).toEqual(["bar", "psi"]);
    let compared = 0;
    for (const u of uploads) {
      const psi = u.get("kff1202");
      if (psi === null) continue;
      const i = nearestRow(Number(u.get("time")));
      if (Math.abs(deviceTimes[i] - Number(u.get("time"))) > 50) continue; // only near-simultaneous samples
      const csv = parseCellValue(trip.rows[i][boost.index]);
      if (csv === null) continue;
      expect(toStoredUnit(csv, "bar", "psi") as number).toBeCloseTo(Number(psi), 1);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });
});
