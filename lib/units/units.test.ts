import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  canConvert,
  canonicalUnit,
  convertValue,
  normaliseUnit,
  sameUnit,
  toStoredUnit,
  unitDimension,
} from "./index";
import { UNIT_DEFS } from "./definitions";

function conv(value: number, from: string, to: string): number {
  const out = convertValue(value, from, to);
  if (out === null) throw new Error(`expected ${from} -> ${to} to convert`);
  return out;
}

describe("normaliseUnit", () => {
  it.each([
    ["km h", "km/h"],
    ["l 100km", "l/100km"],
    ["g km", "g/km"],
    ["m s", "m/s"],
    ["g s", "g/s"],
    ["cc min", "cc/min"],
    ["gal min", "gal/min"],
    ["l hr", "l/hr"],
    ["gal hr", "gal/hr"],
    ["L m", "L/m"],
    ["m s²", "m/s²"],
    ["  km h ", "km/h"],
    ["°C", "°C"],
    ["Â°F", "°F"], // UTF-8 read as Latin-1
    [" °F ", "°F"],
    [" ", "%"], // Torque sends "%" as a space
    ["", ""], // and "no unit" as nothing
    ["in Hg", "in Hg"], // known with its space: not slashed
    ["mpg UK", "mpg UK"],
    ["1 4m", "1 4m"], // unknown text: trimmed, untouched
    ["  whatever  ", "whatever"],
    ["kpa", "kpa"], // spelling kept, see canonicalUnit
  ])("%j -> %j", (raw, expected) => {
    expect(normaliseUnit(raw)).toBe(expected);
  });
});

describe("canonicalUnit, sameUnit, unitDimension", () => {
  it("unifies Torque's spellings", () => {
    expect(canonicalUnit("kpa")).toBe("kPa");
    expect(canonicalUnit("l hr")).toBe("l/h");
    expect(canonicalUnit("Meters/second")).toBe("m/s");
    expect(canonicalUnit("gallons")).toBe("gal");
    expect(canonicalUnit("mi")).toBe("miles");
    expect(canonicalUnit("foo bar")).toBe("foo bar");
    expect(sameUnit("kpa", "kPa")).toBe(true);
    expect(sameUnit("G", "g")).toBe(true);
    expect(sameUnit("km h", "km/h")).toBe(true);
    expect(sameUnit("km", "miles")).toBe(false);
    expect(sameUnit("foo", "foo")).toBe(true);
    expect(unitDimension("°F")).toBe("temperature");
    expect(unitDimension("l 100km")).toBe("economy");
    expect(unitDimension("rpm")).toBeNull();
  });

  it("never lets a case-insensitive match cross units", () => {
    // "Nm" (torque) must not be found as "nm" or "NM"; nautical miles are "nmi".
    expect(unitDimension("Nm")).toBe("torque");
    expect(unitDimension("nmi")).toBe("distance");
    expect(canonicalUnit("NM")).toBe("Nm");
  });
});

describe("convertValue: temperature", () => {
  it.each([
    [100, "°C", "°F", 212],
    [-40, "°C", "°F", -40],
    [150.8, "°F", "°C", 66],
    [130.99999738, "°F", "°C", 55],
    [0, "°C", "K", 273.15],
    [300, "K", "°F", 80.33],
    [32, "°F", "K", 273.15],
  ])("%d %s -> %s", (v, from, to, expected) => {
    expect(conv(v, from, to)).toBeCloseTo(expected, 2);
  });
});

describe("convertValue: each dimension", () => {
  it.each([
    // speed
    [100, "km/h", "mph", 62.1371],
    [60, "mph", "km/h", 96.5606],
    [10, "m/s", "km/h", 36],
    [10, "Meters/second", "km/h", 36],
    [1, "knots", "km/h", 1.852],
    [1, "kn", "m/s", 0.514444],
    [1, "m/s", "ft/s", 3.28084],
    // distance
    [1, "miles", "km", 1.609344],
    [1, "mi", "m", 1609.344],
    [1, "km", "miles", 0.621371],
    [100, "m", "ft", 328.084],
    [3, "ft", "yd", 1],
    [1, "yd", "m", 0.9144],
    // pressure
    [100, "kPa", "psi", 14.5038],
    [1, "bar", "kPa", 100],
    [1013.25, "mb", "inHg", 29.9213],
    [1013.25, "mbar", "kPa", 101.325],
    [760, "mmHg", "kPa", 101.325],
    [-620, "Pa", "kPa", -0.62],
    [1, "psi", "Pa", 6894.757],
    [1, "hPa", "mb", 1],
    // volume
    [1, "gal", "l", 3.785411784],
    [1, "gal UK", "l", 4.54609],
    [1, "imp gal", "gal", 1.20095],
    [1000, "ml", "l", 1],
    // flow
    [12.49408817, "l/hr", "cc/min", 208.2348],
    [1, "gal/h", "l/h", 3.785411784],
    [1, "gal/min", "gal/h", 60],
    [10, "g/s", "lb/min", 1.32277],
    [36, "kg/h", "g/s", 10],
    // torque, power
    [100, "Nm", "ft-lb", 73.7562],
    [1, "ft-lb", "Nm", 1.355818],
    [2.44452691, "kW", "hp", 3.27816463], // Torque's own pair of columns in the fixture
    [100, "PS", "kW", 73.549875],
    // acceleration, mass, CO2, time
    [1, "g", "m/s²", 9.80665],
    [1, "G", "ft/s2", 32.174],
    [1, "lb", "kg", 0.45359237],
    [100, "kg", "lbs", 220.462],
    [100, "g/km", "g/mile", 160.9344],
    [2, "min", "s", 120],
    [1, "h", "min", 60],
  ])("%d %s -> %s", (v, from, to, expected) => {
    expect(conv(v, from, to)).toBeCloseTo(expected, 3);
  });

  it("g/s <-> cfm uses ISA air density (an approximation, see definitions.ts)", () => {
    expect(conv(1, "cfm", "g/s")).toBeCloseTo(0.5781, 3);
    expect(conv(conv(12.3, "g s", "cfm"), "cfm", "g s")).toBeCloseTo(12.3, 9);
  });
});

describe("convertValue: fuel economy (reciprocal)", () => {
  it.each([
    [14.93755913, "kpl", "mpg", 35.13562393], // the fixture's Trip average KPL / MPG columns
    [14.93755913, "kpl", "l/100km", 6.69447613], // ... and Trip average Litres/100 KM
    [108.41069794, "kpl", "mpg", 254.998], // Kilometers Per Litre(Instant); the CSV says 255 (rounded)
    [13.57959938, "km/l", "mpg", 31.94147491],
    [10, "l/100km", "kpl", 10],
    [5, "l/100km", "mpg", 47.0429],
    [47.0429, "mpg", "l/100km", 5],
    [30, "mpg", "mpg UK", 36.0285],
    [30, "mpg UK", "l/100km", 9.4162],
    [10, "mpl", "kpl", 16.09344],
    [10, "l/100mi", "l/100km", 6.21371],
  ])("%d %s -> %s", (v, from, to, expected) => {
    expect(conv(v, from, to)).toBeCloseTo(expected, 3);
  });

  it("0 l/100km (coasting) and 0 mpg have no reciprocal: null", () => {
    expect(convertValue(0, "l/100km", "mpg")).toBeNull();
    expect(convertValue(0, "mpg", "l/100km")).toBeNull();
    expect(convertValue(0, "kpl", "l/100km")).toBeNull();
    expect(convertValue(0, "l 100km", "l/100km")).toBe(0); // identity needs no reciprocal
    expect(convertValue(0, "kpl", "mpg")).toBe(0);
  });
});

describe("convertValue: identity, refusals and non-numbers", () => {
  it("returns the value unchanged for the same unit, known or not", () => {
    expect(convertValue(42.5, "rpm", "rpm")).toBe(42.5);
    expect(convertValue(1.5, "frobs", "frobs")).toBe(1.5);
    expect(convertValue(7, "kpa", "kPa")).toBe(7);
    expect(convertValue(7, " ", "%")).toBe(7);
    expect(convertValue(7, "", "")).toBe(7);
    expect(convertValue(7, "L m", "L/m")).toBe(7);
  });

  it("refuses unknown units, different dimensions and non-finite values", () => {
    expect(convertValue(1, "km", "kg")).toBeNull();
    expect(convertValue(1, "g/s", "l/h")).toBeNull(); // MAF is mass, fuel flow is volume
    expect(convertValue(1, "L/m", "l/h")).toBeNull(); // Torque's L/m label is untrustworthy
    expect(convertValue(1, "frobs", "km")).toBeNull();
    expect(convertValue(1, "%", "")).toBeNull();
    expect(convertValue(Number.NaN, "km", "miles")).toBeNull();
    expect(convertValue(Number.POSITIVE_INFINITY, "km", "km")).toBeNull();
    expect(canConvert("km", "kg")).toBe(false);
    expect(canConvert("frobs", "frobs")).toBe(true);
    expect(canConvert("l 100km", "mpg")).toBe(true);
    expect(canConvert("°C", "K")).toBe(true);
  });

  it("round-trips every pair within a dimension", () => {
    const pairs = UNIT_DEFS.flatMap((a) =>
      UNIT_DEFS.filter((b) => b.dimension === a.dimension).map((b) => [a.id, b.id] as const),
    );
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.double({ min: 0.001, max: 1e6, noNaN: true }), ([a, b], v) => {
        const there = convertValue(v, a, b);
        expect(there).not.toBeNull();
        const back = convertValue(there as number, b, a);
        expect(back).not.toBeNull();
        expect(Math.abs((back as number) - v)).toBeLessThanOrEqual(Math.abs(v) * 1e-9 + 1e-9);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the fixture's unit pairs", () => {
  // defaultUnit (upload, stored) -> userUnit (display) pairs seen in the 2016 ManVan trip.
  it.each([
    ["°C", "°F"],
    ["km h", "mph"],
    ["km", "miles"],
    ["m", "ft"],
    ["kPa", "psi"],
    ["l", "gal"],
    ["l hr", "gal hr"],
    ["cc min", "gal min"],
    ["g s", "cfm"],
    ["ft-lb", "Nm"],
  ])("stored %j can be shown in the user's %j", (stored, user) => {
    expect(canConvert(stored, user)).toBe(true);
  });

  // trackLog.csv header unit -> stored unit, as an importer meets them.
  it.each([
    [130.99999738, "°F", "°C", 55],
    [-0.70000001, "bar", "psi", -10.152641], // Turbo Boost: upload psi, CSV bar
    [100, "kpa", "kPa", 100],
    [208.23480225, "cc/min", "cc min", 208.23480225],
    [12.49408817, "l/hr", "l hr", 12.49408817],
    [6.69447613, "l/100km", "l 100km", 6.69447613],
    [1164.22, "g/km", "g km", 1164.22],
    [12.9, "%", " ", 12.9],
    [14, "", "", 14],
    [25.2, "Meters/second", "km h", 90.72],
  ])("file %d %j -> stored %j", (v, file, stored, expected) => {
    const out = toStoredUnit(v, file, stored);
    expect(out).not.toBeNull();
    expect(out as number).toBeCloseTo(expected, 4);
  });

  it("refuses an import it cannot convert", () => {
    expect(toStoredUnit(1, "L/m", "l hr")).toBeNull();
    expect(toStoredUnit(1, "mph", "°C")).toBeNull();
  });
});
