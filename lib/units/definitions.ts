/**
 * The unit table behind lib/units: every unit Torque Pro is known to use (in uploads,
 * in its user-unit settings and in trackLog.csv headers) plus the common alternatives a
 * user might pick, grouped by physical dimension.
 *
 * Each unit converts to and from one base unit of its dimension. Most conversions are
 * linear (`value * factor + offset`); fuel economy is not (l/100km is the reciprocal of
 * km/l), so every unit carries two functions rather than a factor. A function returns
 * null when the result is not a finite number (l/100km of 0 km/l is "infinite").
 *
 * Spellings: the first one is the canonical spelling we emit; the others are aliases
 * seen in Torque (CSV headers write `kpa` and `l/hr`, uploads `kPa` and `l hr`) or in
 * common use. Lookup is exact first and then case-insensitive, see units.ts.
 */

export type Dimension =
  | "temperature"
  | "speed"
  | "distance"
  | "pressure"
  | "volume"
  | "economy"
  | "volumeFlow"
  | "massFlow"
  | "torque"
  | "power"
  | "acceleration"
  | "mass"
  | "co2"
  | "time";

export interface UnitDef {
  /** Canonical spelling, also the unit's identity. */
  id: string;
  dimension: Dimension;
  spellings: readonly string[];
  toBase: (value: number) => number | null;
  fromBase: (base: number) => number | null;
}

// Exact definitions (NIST / international agreements), so that results are reproducible.
const MILE_M = 1609.344;
const FOOT_M = 0.3048;
const YARD_M = 0.9144;
const NAUTICAL_MILE_M = 1852;
const US_GALLON_L = 3.785411784;
const UK_GALLON_L = 4.54609;
const POUND_KG = 0.45359237;
const STANDARD_GRAVITY = 9.80665;
const PSI_PA = 6894.757293168361; // 1 lbf/in² = 0.45359237 kg * g / (0.0254 m)²
const INHG_PA = 3386.389; // conventional inch of mercury (0 °C)
const MMHG_PA = 133.322387415;
const FOOT_POUND_NM = 1.3558179483314004; // 1 lbf * 1 ft
const MECHANICAL_HP_W = 745.6998715822702; // 550 ft·lbf/s; the fixture's hp/kW columns agree
const METRIC_HP_W = 735.49875;
const CUBIC_FOOT_L = 28.316846592;
/**
 * Torque offers "cfm" for Mass Air Flow (a mass flow in g/s). Turning mass into volume
 * needs an air density; Torque's constant is unknown, so we use ISA sea-level air
 * (1.225 kg/m³ = 1.225 g/l). Treat g/s <-> cfm as an approximation.
 */
const AIR_DENSITY_G_PER_L = 1.225;

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function linear(
  id: string,
  dimension: Dimension,
  spellings: readonly string[],
  factor: number,
  offset = 0,
): UnitDef {
  return {
    id,
    dimension,
    spellings: [id, ...spellings],
    toBase: (v) => finite(v * factor + offset),
    fromBase: (b) => finite((b - offset) / factor),
  };
}

/** Economy units relative to the base km per litre; `perDistance` units are reciprocal. */
function economy(id: string, spellings: readonly string[], kplPerUnit: number): UnitDef {
  return {
    id,
    dimension: "economy",
    spellings: [id, ...spellings],
    toBase: (v) => finite(v * kplPerUnit),
    fromBase: (b) => finite(b / kplPerUnit),
  };
}

/** Litres (or other volume) per 100 of a distance: base kpl = 100 * (km per distance) / (l per volume) / value. */
function consumption(id: string, spellings: readonly string[], scale: number): UnitDef {
  // value 0 means "no fuel used" (coasting): infinite km/l, which has no number -> null.
  return {
    id,
    dimension: "economy",
    spellings: [id, ...spellings],
    toBase: (v) => (v === 0 ? null : finite(scale / v)),
    fromBase: (b) => (b === 0 ? null : finite(scale / b)),
  };
}

export const UNIT_DEFS: readonly UnitDef[] = [
  // Temperature, base °C. Torque sends the raw UTF-8 degree sign: "°C".
  linear("°C", "temperature", ["℃", "degC", "deg C"], 1),
  linear("°F", "temperature", ["℉", "degF", "deg F"], 5 / 9, (-32 * 5) / 9),
  linear("K", "temperature", ["kelvin"], 1, -273.15),

  // Speed, base m/s. "Meters/second" is the old trackLog GPS Speed column's unit.
  linear("km/h", "speed", ["kph", "km/hr", "kmh", "kmph"], 1 / 3.6),
  linear("mph", "speed", ["mi/h", "miles/h", "miles/hour"], MILE_M / 3600),
  linear("m/s", "speed", ["Meters/second", "metres/second", "meters/second", "mps"], 1),
  linear("knots", "speed", ["knot", "kn", "kt", "kts"], NAUTICAL_MILE_M / 3600),
  linear("ft/s", "speed", ["fps", "feet/second"], FOOT_M),

  // Distance, base m. Torque's imperial distance is spelled "miles".
  linear("km", "distance", ["kilometers", "kilometres"], 1000),
  linear("miles", "distance", ["mi", "mile"], MILE_M),
  linear("m", "distance", ["meters", "metres"], 1),
  linear("ft", "distance", ["feet", "foot"], FOOT_M),
  linear("yd", "distance", ["yards", "yard"], YARD_M),
  linear("nmi", "distance", [], NAUTICAL_MILE_M),

  // Pressure, base Pa. Uploads say "kPa", trackLog.csv headers "kpa"; Android barometer "mb".
  linear("kPa", "pressure", ["kpa", "KPa"], 1000),
  linear("psi", "pressure", ["PSI", "lbf/in²", "lb/in²"], PSI_PA),
  linear("bar", "pressure", [], 100_000),
  linear("mb", "pressure", ["mbar", "mBar", "hPa", "millibar"], 100),
  linear("inHg", "pressure", ["inhg", "in Hg", "\"Hg"], INHG_PA),
  linear("mmHg", "pressure", ["mmhg", "mm Hg", "Torr"], MMHG_PA),
  linear("Pa", "pressure", [], 1),
  linear("atm", "pressure", [], 101_325),

  // Volume, base litre. Torque's "gal" follows its mpg, which the fixture shows is US.
  linear("l", "volume", ["L", "litres", "liters", "litre", "liter"], 1),
  linear("gal", "volume", ["gallons", "gallon", "gal US", "US gal", "gal (US)", "usgal"], US_GALLON_L),
  linear("gal UK", "volume", ["imp gal", "UK gal", "gal (UK)", "gal imp", "imperial gallons"], UK_GALLON_L),
  linear("ml", "volume", ["mL", "cc"], 0.001),

  // Fuel economy, base km/l ("kpl" is Torque's spelling).
  economy("kpl", ["km/l", "km/L", "kmpl"], 1),
  economy("mpg", ["mpg US", "mpg (US)", "US mpg", "mi/gal"], MILE_M / 1000 / US_GALLON_L),
  economy("mpg UK", ["mpg (UK)", "UK mpg", "mpg imp", "mpg (Imperial)", "imp mpg"], MILE_M / 1000 / UK_GALLON_L),
  economy("mpl", ["mi/l", "miles/l"], MILE_M / 1000),
  consumption("l/100km", ["L/100km", "l/100 km", "L/100 km"], 100),
  consumption("l/100mi", ["L/100mi", "l/100 miles"], (100 * MILE_M) / 1000),

  // Volume flow (fuel), base l/h. Uploads say "l hr" / "cc min"; user units "gal hr" / "gal min".
  linear("l/h", "volumeFlow", ["l/hr", "L/h", "L/hr", "lph"], 1),
  linear("gal/h", "volumeFlow", ["gal/hr", "gph"], US_GALLON_L),
  linear("gal/min", "volumeFlow", ["gpm"], US_GALLON_L * 60),
  linear("cc/min", "volumeFlow", ["ml/min", "mL/min"], 0.06),
  linear("l/min", "volumeFlow", ["L/min", "lpm"], 60),

  // Mass flow (intake air), base g/s. cfm: see AIR_DENSITY_G_PER_L.
  linear("g/s", "massFlow", ["g/sec"], 1),
  linear("kg/h", "massFlow", ["kg/hr"], 1000 / 3600),
  linear("lb/min", "massFlow", ["lbs/min", "lb/m"], (POUND_KG * 1000) / 60),
  linear("lb/h", "massFlow", ["lb/hr", "lbs/h", "lbs/hr"], (POUND_KG * 1000) / 3600),
  linear("cfm", "massFlow", ["CFM", "ft³/min"], (CUBIC_FOOT_L * AIR_DENSITY_G_PER_L) / 60),

  // Torque (the force), base N·m.
  linear("Nm", "torque", ["N·m", "N.m", "N-m"], 1),
  linear("ft-lb", "torque", ["lb-ft", "ft·lb", "ft-lbs", "lbf·ft", "ft lb"], FOOT_POUND_NM),

  // Power, base W.
  linear("kW", "power", ["kw"], 1000),
  linear("hp", "power", ["bhp", "HP"], MECHANICAL_HP_W),
  linear("PS", "power", ["cv", "CV"], METRIC_HP_W),
  linear("W", "power", ["watts"], 1),

  // Acceleration, base m/s². trackLog's gravity columns write "G".
  linear("g", "acceleration", ["G"], STANDARD_GRAVITY),
  linear("m/s²", "acceleration", ["m/s2", "m/s^2"], 1),
  linear("ft/s²", "acceleration", ["ft/s2", "ft/s^2"], FOOT_M),

  // Mass, base kg. Grams are deliberately absent: Torque's "g" is acceleration.
  linear("kg", "mass", ["kilograms"], 1),
  linear("lb", "mass", ["lbs", "pounds"], POUND_KG),

  // CO₂ emission per distance, base g/km.
  linear("g/km", "co2", [], 1),
  linear("g/mile", "co2", ["g/mi"], 1000 / MILE_M),

  // Time, base s (lap timers, trip times).
  linear("s", "time", ["sec", "secs", "seconds"], 1),
  linear("ms", "time", [], 0.001),
  linear("min", "time", ["mins", "minutes"], 60),
  linear("h", "time", ["hr", "hrs", "hours"], 3600),
];

/**
 * Units Torque uses that have no conversion here but must still be recognised, so that
 * normaliseUnit restores their slash ("L m" -> "L/m"). "L/m" is Fuel Rate (direct from
 * ECU), PID 5E, which the OBD standard defines in l/h; Torque labels it L/m, so the label
 * cannot be trusted and we refuse to convert it.
 */
export const NON_CONVERTIBLE_UNITS: readonly string[] = ["L/m", "%", "°", ":1", "rpm", "V", "lambda", "cost", "mg/stroke"];

/**
 * Preferred display unit per system, by canonical id. Units not listed stay as they are.
 * Imperial follows US conventions, as Torque's own imperial choices do (mph, miles, psi,
 * US gallons, mpg); the metric side mirrors it so that a round trip returns home.
 */
export const DISPLAY_IMPERIAL: Readonly<Record<string, string>> = {
  "°C": "°F",
  K: "°F",
  "km/h": "mph",
  "m/s": "ft/s",
  km: "miles",
  m: "ft",
  kPa: "psi",
  bar: "psi",
  mb: "inHg",
  l: "gal",
  ml: "gal",
  "gal UK": "gal",
  kpl: "mpg",
  "l/100km": "mpg",
  mpl: "mpg",
  "mpg UK": "mpg",
  "l/h": "gal/h",
  "l/min": "gal/min",
  "cc/min": "gal/min", // Torque's own imperial choice for Fuel flow rate/minute
  "g/s": "lb/min",
  "kg/h": "lb/h",
  Nm: "ft-lb",
  kW: "hp",
  PS: "hp",
  "m/s²": "ft/s²",
  kg: "lb",
  "g/km": "g/mile",
};

export const DISPLAY_METRIC: Readonly<Record<string, string>> = {
  "°F": "°C",
  K: "°C",
  mph: "km/h",
  "ft/s": "m/s",
  miles: "km",
  ft: "m",
  yd: "m",
  psi: "kPa",
  inHg: "mb",
  gal: "l",
  "gal UK": "l",
  mpg: "l/100km",
  "mpg UK": "l/100km",
  mpl: "l/100km",
  "l/100mi": "l/100km",
  "gal/h": "l/h",
  "gal/min": "cc/min",
  "lb/min": "g/s",
  "lb/h": "kg/h",
  cfm: "g/s",
  "ft-lb": "Nm",
  hp: "kW",
  "ft/s²": "m/s²",
  lb: "kg",
  "g/mile": "g/km",
};
