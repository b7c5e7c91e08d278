/**
 * Which columns an export of one session has, in which unit, and how a stored value becomes
 * an exported one. Names and units come from what the phone told us about its PIDs (PidMeta:
 * userFullName and defaultUnit, the unit values are stored in), falling back to Torque's
 * built-in table. Pure.
 */
import { canConvert, convertValue, displayUnitFor, normaliseUnit, sameUnit, type UnitSystem } from "@/lib/units";
import { nameMatchKey, pidByKey } from "@/lib/tracklog";

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

/**
 * The name to show: the device's name for the PID, except that uploads turn "/", "%" and "&"
 * into spaces ("Distance travelled with MIL CEL lit"), so when the device's name is Torque's
 * built-in one in upload spelling we write the built-in spelling, as Torque's CSV does.
 */
export function pidName(key: string, info: PidInfo | undefined): string {
  const builtIn = pidByKey(key);
  const own = info?.fullName?.trim();
  if (own) return builtIn !== null && nameMatchKey(own) === nameMatchKey(builtIn.name) ? builtIn.name : own;
  return builtIn?.name ?? `PID ${key}`;
}

/** The unit stored values are in: the device's defaultUnit (normalised), else the built-in table's. */
export function storedUnitOf(key: string, info: PidInfo | undefined): string {
  if (info?.defaultUnit !== undefined && info.defaultUnit !== null) return normaliseUnit(info.defaultUnit);
  return pidByKey(key)?.unit ?? "";
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
      const info = meta.get(key);
      const storedUnit = storedUnitOf(key, info);
      return { key, source, name: pidName(key, info), storedUnit, ...unitPlan(storedUnit, choice) };
    })
    .sort(byName);
}
