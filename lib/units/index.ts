/**
 * Unit conversion between the units Torque Pro uses.
 *
 * Policy (see docs/torque-protocol.md): values are stored in the unit Torque uploaded them
 * in (`defaultUnit<pid>`, metric), and converted only for display or when importing a
 * trackLog.csv whose columns follow the user's display units. Pure functions, no I/O.
 */
import {
  DISPLAY_IMPERIAL,
  DISPLAY_METRIC,
  NON_CONVERTIBLE_UNITS,
  UNIT_DEFS,
  type Dimension,
  type UnitDef,
} from "./definitions";

export type { Dimension } from "./definitions";
export type UnitSystem = "metric" | "imperial";

const BY_SPELLING = new Map<string, UnitDef>();
for (const def of UNIT_DEFS) {
  for (const spelling of def.spellings) {
    if (BY_SPELLING.has(spelling)) throw new Error(`unit spelling defined twice: ${spelling}`);
    BY_SPELLING.set(spelling, def);
  }
}

// Case-insensitive fallback for spellings Torque varies ("kpa" vs "kPa"), kept only where the
// lower-case form is unambiguous: "Nm" (torque) and "nm" must never meet "NM" (nautical).
const BY_LOWER = new Map<string, UnitDef | null>();
for (const [spelling, def] of BY_SPELLING) {
  const lower = spelling.toLowerCase();
  const seen = BY_LOWER.get(lower);
  BY_LOWER.set(lower, seen === undefined || seen === def ? def : null);
}

const KNOWN_NON_CONVERTIBLE = new Set(NON_CONVERTIBLE_UNITS);

function lookup(unit: string): UnitDef | null {
  return BY_SPELLING.get(unit) ?? BY_LOWER.get(unit.toLowerCase()) ?? null;
}

function isKnown(unit: string): boolean {
  return lookup(unit) !== null || KNOWN_NON_CONVERTIBLE.has(unit);
}

/**
 * Repairs a unit as it arrives from Torque's upload: the app sends "/" and "%" as spaces
 * ("km h", "l 100km", "g km", "cc min", and "%" as a lone " "), and a log read with the
 * wrong charset turns "°" into "Â°". Only known units get their slash back, so free text
 * such as "1 4m" is returned trimmed but otherwise untouched. The spelling is otherwise
 * kept (Torque's "kpa" stays "kpa"); use canonicalUnit to unify spellings.
 */
export function normaliseUnit(raw: string): string {
  // Must precede trim(): a whitespace-only unit is Torque's "%" ("", by contrast, is "no unit").
  if (raw.length > 0 && raw.trim() === "") return "%";
  const unit = raw.trim().replace(/Â°/g, "°");
  if (unit === "" || isKnown(unit)) return unit;
  if (unit.includes(" ")) {
    const slashed = unit.replace(/ +/g, "/");
    if (isKnown(slashed)) return slashed;
  }
  return unit;
}

/** The canonical spelling of a known unit ("kpa" -> "kPa", "l/hr" -> "l/h"); else normaliseUnit's result. */
export function canonicalUnit(raw: string): string {
  const unit = normaliseUnit(raw);
  return lookup(unit)?.id ?? unit;
}

/** The physical dimension of a unit, or null when the unit is unknown or dimensionless here. */
export function unitDimension(raw: string): Dimension | null {
  return lookup(normaliseUnit(raw))?.dimension ?? null;
}

/** Whether two spellings denote the same unit ("kpa" and "kPa", "km h" and "km/h"). */
export function sameUnit(a: string, b: string): boolean {
  const na = normaliseUnit(a);
  const nb = normaliseUnit(b);
  if (na === nb) return true;
  const da = lookup(na);
  return da !== null && da === lookup(nb);
}

/**
 * Converts `value` from one unit to another. Returns the value unchanged when both name the
 * same unit (even an unknown one), and null when the units are unknown, of different
 * dimensions, or the result is not a finite number (NaN/Infinity inputs, 0 l/100km -> mpg).
 */
export function convertValue(value: number, from: string, to: string): number | null {
  if (!Number.isFinite(value)) return null;
  if (sameUnit(from, to)) return value;
  const src = lookup(normaliseUnit(from));
  const dst = lookup(normaliseUnit(to));
  if (src === null || dst === null || src.dimension !== dst.dimension) return null;
  const base = src.toBase(value);
  return base === null ? null : dst.fromBase(base);
}

/** Whether convertValue can ever convert between the two units (the value may still yield null). */
export function canConvert(from: string, to: string): boolean {
  if (sameUnit(from, to)) return true;
  const src = lookup(normaliseUnit(from));
  const dst = lookup(normaliseUnit(to));
  return src !== null && dst !== null && src.dimension === dst.dimension;
}

/**
 * The unit to display a stored value in under the chosen system ("°C" -> "°F" in imperial).
 * Units already in that system, and units with no counterpart ("rpm", "%", "Pa"), come back
 * normalised but otherwise unchanged.
 */
export function displayUnitFor(storedUnit: string, system: UnitSystem): string {
  const unit = normaliseUnit(storedUnit);
  const def = lookup(unit);
  if (def === null) return unit;
  const table = system === "imperial" ? DISPLAY_IMPERIAL : DISPLAY_METRIC;
  return table[def.id] ?? unit;
}

/**
 * For import: a trackLog.csv value in the column's (display) unit, back into the unit we
 * store for that PID. Null when the file's unit cannot be converted to the stored one, in
 * which case the caller should not guess (drop the column or store it under its own unit).
 */
export function toStoredUnit(value: number, fileUnit: string, storedUnit: string): number | null {
  return convertValue(value, fileUnit, storedUnit);
}
