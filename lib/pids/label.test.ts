import { describe, expect, it } from "vitest";
import { pidLabel } from "./label";

describe("pidLabel", () => {
  it("restores the built-in spelling of an uploaded name, keeps a renamed one, falls back to the table and the key", () => {
    expect(pidLabel("21", { name: "Distance travelled with MIL CEL lit", unit: "km" })).toEqual({ name: "Distance travelled with MIL/CEL lit", unit: "km" });
    expect(pidLabel("ff1267", { name: " My stop timer ", unit: "s" })).toEqual({ name: "My stop timer", unit: "s" });
    expect(pidLabel("4", { name: null, unit: " " })).toEqual({ name: "Engine Load", unit: "%" });
    expect(pidLabel("ff1001", { unit: "km h" })).toEqual({ name: "Speed (GPS)", unit: "km/h" });
    expect(pidLabel("5")).toEqual({ name: "Engine Coolant Temperature", unit: "°C" });
    expect(pidLabel("ff9999", { unit: "" })).toEqual({ name: "PID ff9999", unit: "" });
    expect(pidLabel("ff9999")).toEqual({ name: "PID ff9999", unit: "" });
  });
});
