import { describe, expect, it } from "vitest";
import { canConvert, displayUnitFor } from "./index";
import { DISPLAY_IMPERIAL, DISPLAY_METRIC } from "./definitions";

describe("displayUnitFor", () => {
  it.each([
    ["°C", "°F"],
    ["km h", "mph"],
    ["km/h", "mph"],
    ["km", "miles"],
    ["m", "ft"],
    ["kPa", "psi"],
    ["kpa", "psi"],
    ["bar", "psi"],
    ["mb", "inHg"],
    ["l", "gal"],
    ["l 100km", "mpg"],
    ["kpl", "mpg"],
    ["Nm", "ft-lb"],
    ["kW", "hp"],
    ["m/s", "ft/s"],
    ["l hr", "gal/h"],
    ["cc min", "gal/min"],
    ["g s", "lb/min"],
    ["g km", "g/mile"],
    ["kg", "lb"],
    ["m/s²", "ft/s²"],
    // unchanged: already imperial, or no imperial counterpart
    ["mph", "mph"],
    ["psi", "psi"],
    ["mpg", "mpg"],
    ["ft-lb", "ft-lb"],
    ["hp", "hp"],
    ["Pa", "Pa"],
    ["rpm", "rpm"],
    [" ", "%"],
    ["°", "°"],
    ["g", "g"],
    ["s", "s"],
    ["", ""],
    ["frobs", "frobs"],
  ])("imperial: %j -> %j", (stored, expected) => {
    expect(displayUnitFor(stored, "imperial")).toBe(expected);
  });

  it.each([
    ["°C", "°C"],
    ["km h", "km/h"],
    ["kpa", "kpa"],
    ["l 100km", "l/100km"],
    ["°F", "°C"],
    ["mph", "km/h"],
    ["miles", "km"],
    ["psi", "kPa"],
    ["mpg", "l/100km"],
    ["ft-lb", "Nm"],
    ["hp", "kW"],
    ["gal", "l"],
    ["cfm", "g/s"],
  ])("metric: %j -> %j", (stored, expected) => {
    expect(displayUnitFor(stored, "metric")).toBe(expected);
  });

  it("only ever proposes a unit that the value can be converted to", () => {
    for (const table of [DISPLAY_IMPERIAL, DISPLAY_METRIC]) {
      for (const [from, to] of Object.entries(table)) expect(canConvert(from, to), `${from}->${to}`).toBe(true);
    }
  });
});
