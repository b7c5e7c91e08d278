import { describe, expect, it } from "vitest";
import { TORQUE_PID_NAMES } from "@/lib/tracklog/pid-names";
import { pidCategory } from "./categories";

describe("pidCategory", () => {
  it.each([
    ["ff1006", "GPS Latitude", "GPS"],
    ["ff1005", "GPS Longitude", "GPS"],
    ["ff1239", "GPS Accuracy", "GPS"],
    ["d", "Speed (OBD)", "Speed"],
    ["ff1001", "Speed (GPS)", "Speed"],
    ["ff1237", "GPS vs OBD Speed difference", "Speed"],
    ["c", "Engine RPM", "Engine"],
    ["4", "Engine Load", "Engine"],
    ["11", "Throttle Position(Manifold)", "Engine"],
    ["5", "Engine Coolant Temperature", "Temperatures"],
    ["f", "Intake Air Temperature", "Temperatures"],
    ["ff1271", "Fuel used (trip)", "Fuel"],
    ["ff1207", "Litres Per 100 Kilometer(Instant)", "Fuel"],
    ["ff1201", "Miles Per Gallon(Instant)", "Fuel"],
    ["ff1220", "Acceleration Sensor(X axis)", "Acceleration"],
    ["ff122d", "0-60mph Time", "Acceleration"],
    ["49", "Accelerator PedalPosition D", "Engine"],
    ["ff1204", "Trip Distance", "Other"],
    ["abc123", "My custom PID", "Other"],
  ])("%s %s is %s", (key, name, category) => {
    expect(pidCategory(key, name)).toBe(category);
  });

  it("puts only a minority of Torque's built-in PIDs in Other", () => {
    const other = TORQUE_PID_NAMES.filter((p) => pidCategory(p.key, p.name) === "Other");
    expect(other.length / TORQUE_PID_NAMES.length).toBeLessThan(0.15);
  });
});
