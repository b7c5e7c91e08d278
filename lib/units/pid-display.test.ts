import { describe, expect, it } from "vitest";
import { displayConverter, resolveDisplayUnit, unitChoices } from "./pid-display";

describe("resolveDisplayUnit", () => {
  it("prefers the user's override, then the phone's unit, then the unit system", () => {
    expect(resolveDisplayUnit({ stored: "km/h", phone: "mph", override: "m/s", system: "metric" })).toBe("m/s");
    expect(resolveDisplayUnit({ stored: "km/h", phone: "mph", system: "metric" })).toBe("mph");
    expect(resolveDisplayUnit({ stored: "km/h", system: "imperial" })).toBe("mph");
    expect(resolveDisplayUnit({ stored: "°C", phone: null, system: "imperial" })).toBe("°F");
    expect(resolveDisplayUnit({ stored: "°C", system: "metric" })).toBe("°C");
  });

  it("ignores overrides and phone units that cannot be converted (Torque's ' ' for %)", () => {
    expect(resolveDisplayUnit({ stored: "km/h", override: "°F", phone: "rpm", system: "metric" })).toBe("km/h");
    expect(resolveDisplayUnit({ stored: "%", phone: " ", system: "imperial" })).toBe("%");
    expect(resolveDisplayUnit({ stored: "km", phone: "miles", system: "metric" })).toBe("miles");
  });

  it("normalises Torque's spellings of the phone's unit", () => {
    expect(resolveDisplayUnit({ stored: "l/100km", phone: "l 100km", system: "metric" })).toBe("l/100km");
    expect(resolveDisplayUnit({ stored: "kPa", phone: "psi", system: "metric" })).toBe("psi");
  });
});

describe("unitChoices", () => {
  it("offers the units of the same dimension, or the unit itself", () => {
    expect(unitChoices("km/h")).toEqual(expect.arrayContaining(["km/h", "mph", "m/s"]));
    expect(unitChoices("km/h")).not.toContain("km");
    expect(unitChoices("rpm")).toEqual(["rpm"]);
  });
});

describe("displayConverter", () => {
  it("converts through lib/units and passes nulls and same units through", () => {
    const toF = displayConverter("°C", "°F");
    expect(toF(100)).toBeCloseTo(212, 10);
    expect(toF(null)).toBeNull();
    expect(displayConverter("km/h", "mph")(160.9344)).toBeCloseTo(100, 10);
    expect(displayConverter("rpm", "rpm")(1500)).toBe(1500);
  });
});
