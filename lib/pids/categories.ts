/**
 * Groups for the PID picker, derived from a PID's key and name (Torque has no categories of
 * its own). The checks run in order, so "Engine Coolant Temperature" is a temperature and
 * "Speed (GPS)" a speed, not GPS. Pure.
 */
export const PID_CATEGORIES = ["GPS", "Speed", "Engine", "Fuel", "Temperatures", "Acceleration", "Other"] as const;
export type PidCategory = (typeof PID_CATEGORIES)[number];

/** Torque's position PIDs (ff1005 longitude, ff1006 latitude, ff1010 altitude, accuracy, satellites, bearing). */
const GPS_KEYS = new Set(["ff1005", "ff1006", "ff1007", "ff1010", "ff1239", "ff123a", "ff123b"]);

const RULES: ReadonlyArray<[PidCategory, RegExp]> = [
  ["Temperatures", /temp/i],
  ["Speed", /speed|\bspd\b/i],
  ["GPS", /^gps\b|latitude|longitude|altitude|bearing|satellite/i],
  ["Acceleration", /accel(?!erator)|gravity|\b\d+-\d+\s*(mph|kph)\b|mile time/i],
  ["Fuel", /fuel|mpg|kpl|litre|gallon|kilometers per|per 100|economy|co₂|co2|air fuel|\bo2\b|lambda|equivalence|ethanol|afr/i],
  [
    "Engine",
    /engine|rpm|revs|throttle|pedal|load|timing|intake|manifold|mass air|torque|horsepower|\bkw\b|boost|egr|catalyst|exhaust|voltage|volts|baro|run ?time|volumetric|dpf|transmission/i,
  ],
];

export function pidCategory(key: string, name: string): PidCategory {
  if (GPS_KEYS.has(key)) return "GPS";
  for (const [category, pattern] of RULES) if (pattern.test(name)) return category;
  return "Other";
}
