/**
 * Which columns an export of one session has, in which unit, and how a stored value becomes
 * an exported one. Names and units come from what the phone told us about its PIDs (PidMeta:
 * userFullName and defaultUnit, the unit values are stored in) through pidLabel, the rule the
 * session page uses too. Pure.
 */
import { pidLabel } from "@/lib/pids/label";
import { canConvert, convertValue, displayUnitFor, sameUnit, type UnitSystem } from "@/lib/units";

/** What a device reported about one PID (a PidMeta row); every field may be missing. */
export interface PidInfo {
  fullName?: string | null;
  defaultUnit?: string | null;
}

export type UnitChoice = { units: "stored" } | { units: "display"; system: UnitSystem };

export interface ExportColumn {
  key: string;
  /** Position of this PID in the session's value arrays. */
  source: number;
  name: string;
  /** The unit values are stored in ("" when none). */
  storedUnit: string;
  /** The unit written in the export ("" when none). */
  unit: string;
  /** Stored value -> exported value; null when the export is in the stored unit. */
  convert: ((value: number) => number | null) | null;
}

/** The column's name and stored unit: the same rule as every label of the app (pidLabel). */
function pidColumnLabel(key: string, info: PidInfo | undefined): { name: string; unit: string } {
  return pidLabel(key, { name: info?.fullName, unit: info?.defaultUnit });
}

/** Drops the float noise a conversion leaves (131.00000000000003 °F -> 131): 12 significant digits. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** How to turn values in `from` into the unit wanted for this export. */
export function unitPlan(from: string, choice: UnitChoice): { unit: string; convert: ExportColumn["convert"] } {
  if (choice.units === "stored" || from === "") return { unit: from, convert: null };
  const to = displayUnitFor(from, choice.system);
  if (sameUnit(from, to) || !canConvert(from, to)) return { unit: from, convert: null };
  return {
    unit: to,
    convert: (value) => {
      const converted = convertValue(value, from, to);
      return converted === null ? null : tidy(converted);
    },
  };
}

/** Orders names as Torque's CSV does: by lower-cased name (code units), then by key. */
function byName(a: ExportColumn, b: ExportColumn): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** One column per PID of the session, sorted by name as in Torque's export. */
export function pidColumns(keys: readonly string[], meta: ReadonlyMap<string, PidInfo>, choice: UnitChoice): ExportColumn[] {
  return keys
    .map((key, source) => {
      const { name, unit: storedUnit } = pidColumnLabel(key, meta.get(key));
      return { key, source, name, storedUnit, ...unitPlan(storedUnit, choice) };
    })
    .sort(byName);
}
