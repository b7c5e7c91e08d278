import { describe, expect, it } from "vitest";
import { normaliseUnit } from "@/lib/units";
import { FIXTURE_DIR, FIXTURE_PROVENANCE, readFixtureCsv, readFixtureRequests, decodeRequestLine } from "./fixture.testutil";
import { buildPidTable, collectPidMetadata, matchCsvNames, renderPidTableSource, restoreName } from "./pid-metadata";
import { isKnownPidName, nameMatchKey, normalisePidKey, pidByKey, pidKeyForName, TORQUE_PID_NAMES } from "./index";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

describe("normalisePidKey", () => {
  it.each([
    ["0c", "c"], ["0C", "c"], ["c", "c"], ["05", "5"], ["ff1005", "ff1005"], ["FF1005", "ff1005"],
    ["00", "0"], ["0", "0"], ["222609", "222609"], ["0d", "d"], ["", ""],
  ])("%j -> %j", (raw, key) => {
    expect(normalisePidKey(raw)).toBe(key);
  });
});

describe("nameMatchKey / pidKeyForName", () => {
  it("folds exactly the characters Torque substitutes", () => {
    expect(nameMatchKey("Distance travelled with MIL/CEL lit")).toBe(nameMatchKey("Distance travelled with MIL CEL lit"));
    expect(nameMatchKey("Turbo Boost & Vacuum Gauge")).toBe(nameMatchKey("Turbo Boost   Vacuum Gauge"));
    expect(nameMatchKey("Catalyst Temperature (Bank 1,Sensor 1)")).toBe(nameMatchKey("Catalyst Temperature (Bank 1 Sensor 1)"));
    expect(nameMatchKey("Trip Time (Since journey start)")).toBe(nameMatchKey("Trip Time(Since journey start)"));
    expect(nameMatchKey("Speed (GPS)")).not.toBe(nameMatchKey("GPS Speed"));
  });

  it.each([
    ["Engine Coolant Temperature", "5"],
    ["engine coolant temperature", "5"],
    ["Engine RPM", "c"],
    ["Speed (OBD)", "d"],
    ["Speed (GPS)", "ff1001"],
    ["GPS Longitude", "ff1005"],
    ["GPS Latitude", "ff1006"],
    ["GPS Altitude", "ff1010"],
    ["GPS Bearing", "ff123b"],
    ["GPS Accuracy", "ff1239"],
    ["Throttle Position(Manifold)", "11"],
    ["Fuel Level (From Engine ECU)", "2f"],
    ["Voltage (Control Module)", "42"],
    ["Voltage (OBD Adapter)", "ff1238"],
    ["Trip Distance", "ff1204"],
    ["Trip Time(Since journey start)", "ff1266"],
    ["Fuel used (trip)", "ff1271"],
    ["Miles Per Gallon(Instant)", "ff1201"],
    ["Kilometers Per Litre(Instant)", "ff1203"],
    ["Litres Per 100 Kilometer(Instant)", "ff1207"],
    ["Acceleration Sensor(X axis)", "ff1220"],
    ["Acceleration Sensor(Total)", "ff1223"],
    ["1/4 mile time", "ff122f"],
    ["1 4 mile time", "ff122f"],
    ["Ethanol Fuel %", "52"],
    ["O2 Sensor1 Equivalence Ratio", "24"],
    ["O2 Sensor1 Equivalence Ratio(alternate)", "34"],
    ["Commanded Equivalence Ratio(lambda)", "44"],
    ["Transmission Temperature(Method 1)", "fe1805"],
    ["No Such PID", null],
    ["GPS Speed", null], // a fixed column, not a PID
    ["", null],
  ])("%j -> %j", (name, key) => {
    expect(pidKeyForName(name)).toBe(key);
  });
});

describe("TORQUE_PID_NAMES", () => {
  it("has normalised, unique keys and names, and normalised default units", () => {
    const keys = TORQUE_PID_NAMES.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of TORQUE_PID_NAMES) {
      expect(p.key).toMatch(/^[1-9a-f][0-9a-f]*$/);
      expect(normalisePidKey(p.key)).toBe(p.key);
      expect(p.unit).toBe(normaliseUnit(p.unit));
      expect(p.name.trim()).toBe(p.name);
      expect(pidKeyForName(p.name)).toBe(p.key);
      expect(isKnownPidName(p.name)).toBe(true);
    }
    expect(new Set(TORQUE_PID_NAMES.map((p) => nameMatchKey(p.name))).size).toBe(keys.length);
  });

  it("agrees with the protocol document's table of common keys", () => {
    const unit = (k: string) => pidByKey(k)?.unit;
    expect([unit("ff1005"), unit("ff1001"), unit("ff1010"), unit("0d"), unit("0c"), unit("05")]).toEqual(["°", "km/h", "m", "km/h", "rpm", "°C"]);
    expect([unit("04"), unit("2f"), unit("42"), unit("ff1204"), unit("ff1266"), unit("ff1271")]).toEqual(["%", "%", "V", "km", "s", "l"]);
    expect([unit("ff1201"), unit("ff1203"), unit("ff1207"), unit("ff1220")]).toEqual(["mpg", "kpl", "l/100km", "g"]);
    expect(pidByKey("FF1225")).toEqual({ key: "ff1225", name: "Torque", shortName: "Torque", unit: "ft-lb" });
    expect(pidByKey("ff1007")).toBeNull(); // sent with a unit but never named
  });
});

describe("restoreName", () => {
  it("restores only characters Torque turned into spaces", () => {
    expect(restoreName("1 4 mile time", "1/4 mile time")).toBe("1/4 mile time");
    expect(restoreName("Turbo Boost   Vacuum Gauge", "Turbo Boost & Vacuum Gauge")).toBe("Turbo Boost & Vacuum Gauge");
    expect(restoreName("Catalyst Temperature (Bank 1,Sensor 1)", "Catalyst Temperature (Bank 1 Sensor 1)")).toBe(
      "Catalyst Temperature (Bank 1,Sensor 1)",
    );
    expect(restoreName("Engine RPM", undefined)).toBe("Engine RPM");
    expect(restoreName("Engine RPM", "Engine RPX")).toBe("Engine RPM");
    expect(restoreName("Engine RPM", "Engine RPM2")).toBe("Engine RPM");
  });
});

describe.skipIf(FIXTURE_DIR === null)("the checked-in table and the fixture", () => {
  const requests = readFixtureRequests;
  const header = () => readFixtureCsv().split("\n", 1)[0].split(",");

  it("decodes raw bytes in request lines", () => {
    const p = decodeRequestLine("/UPLOAD?a=\\xc2\\xb0C&b=km%20h&c=\\x22q\\x22&d=\\\\");
    expect([p.get("a"), p.get("b"), p.get("c"), p.get("d")]).toEqual(["°C", "km h", '"q"', "\\"]);
  });

  it("is exactly what generate-torque-pids.ts builds from the fixture", () => {
    const rows = buildPidTable(collectPidMetadata(requests()), header());
    expect(TORQUE_PID_NAMES).toEqual(rows);
    const here = path.dirname(fileURLToPath(import.meta.url));
    expect(fs.readFileSync(path.join(here, "torque-pids.ts"), "utf8")).toBe(renderPidTableSource(rows, FIXTURE_PROVENANCE));
  });

  it("covers every named PID of the upload metadata, with its default unit", () => {
    const meta = collectPidMetadata(requests());
    expect(meta.size).toBe(144);
    const named = [...meta].filter(([, m]) => m.fullName !== undefined);
    expect(named).toHaveLength(143);
    for (const [key, m] of named) {
      expect(pidByKey(key)?.unit, key).toBe(normaliseUnit(m.defaultUnit ?? ""));
      expect(pidKeyForName(m.fullName as string), m.fullName).toBe(key); // the uploaded spelling maps too
    }
  });

  it("matches all 143 PID columns of the CSV by name; 126 are spelled identically", () => {
    const matches = matchCsvNames(collectPidMetadata(requests()), header());
    expect(matches.size).toBe(143);
    expect([...matches.values()].filter((m) => m.exact)).toHaveLength(126);
  });
});
