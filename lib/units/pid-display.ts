/**
 * Which unit a PID is shown in, and the choices offered for it. Stored values stay in the unit
 * Torque uploaded (metric); this only decides the display. Order of precedence:
 *   1. the user's override for that PID (Session page → unit menu), when it can be converted;
 *   2. the unit the phone itself shows (Torque's userUnit), so the server matches the app;
 *   3. the user's unit system (metric / imperial) applied to the stored unit.
 * Pure, like the rest of lib/units.
 */
import { UNIT_DEFS } from "./definitions";
import { canConvert, canonicalUnit, convertValue, displayUnitFor, normaliseUnit, sameUnit, unitDimension, type UnitSystem } from "./index";

export interface DisplayUnitInput {
  /** The unit stored values are in (PidMeta.defaultUnit). */
  stored: string;
  /** The unit the phone shows (PidMeta.userUnit), if it sent one. */
  phone?: string | null;
  /** The user's override for this PID. */
  override?: string | null;
  system: UnitSystem;
}

const usable = (stored: string, candidate: string | null | undefined): candidate is string =>
  typeof candidate === "string" && candidate.trim() !== "" && canConvert(stored, candidate);

export function resolveDisplayUnit({ stored, phone, override, system }: DisplayUnitInput): string {
  if (usable(stored, override)) return canonicalUnit(override);
  if (usable(stored, phone)) return canonicalUnit(phone);
  return displayUnitFor(stored, system);
}

/** Units a PID stored in `stored` can be shown in: its dimension's units, or just itself. */
export function unitChoices(stored: string): string[] {
  const dimension = unitDimension(stored);
  if (dimension === null) return [normaliseUnit(stored)];
  return UNIT_DEFS.filter((d) => d.dimension === dimension).map((d) => d.id);
}

/** A converter from stored to display values; the identity when the units are the same. */
export function displayConverter(stored: string, display: string): (value: number | null) => number | null {
  if (sameUnit(stored, display)) return (v) => v;
  return (v) => (v === null ? null : convertValue(v, stored, display));
}
