/**
 * Which PID key each trackLog.csv column is stored under, and how its values go from the
 * file's (display) unit back to the stored unit. Pure.
 *
 * Lookup order for a data column: the user's own uploaded metadata (full names, the target
 * device's first), the built-in table of Torque's names, the user's short names (only when
 * unambiguous), else a custom PID. Fixed columns map to the keys uploads use for the same
 * values, checked against the fixture trip (upload vs. CSV of the same seconds):
 *   Longitude ff1005, Latitude ff1006, GPS Speed ff1001 (km/h; the old column is m/s),
 *   Altitude ff1010, Bearing ff1007 (uploads send it unnamed with every sample),
 *   Horizontal Dilution of Precision ff1239 (it is GPS Accuracy in metres: equal in all 2,580 rows).
 * Gravity X/Y/Z are NOT the uploads' ff1220-ff1222 (Acceleration Sensor: different values in
 * 2,571 of 2,580 rows), so they are kept as custom PIDs like any unknown column.
 *
 * Custom PID keys: "fe" + the first 10 hex digits of sha256(nameMatchKey(name)), 12 hex
 * digits in all. Torque's own keys have at most 6 hex digits (01-mode "c", extended
 * "ff1239"/"fe1805", mode-22 "22f40d"), so they cannot coincide; 40 bits make two names
 * meeting on one key negligible (~1e-6 for 1,000 custom names). Keyed by name only, so
 * the same column from any file lands on the same key.
 */
import { createHash } from "node:crypto";
import { nameMatchKey, pidByKey, pidKeyForName, type FixedColumn, type TrackLogColumn } from "@/lib/tracklog";
import { canConvert, normaliseUnit, sameUnit, toStoredUnit } from "@/lib/units";
import type { SkippedColumn } from "./report";

/** One PID as the user's uploads described it (PidMeta). */
export interface PidMetaRow {
  deviceId: number;
  key: string;
  fullName: string | null;
  shortName: string | null;
  defaultUnit: string | null;
}

export interface PidCatalogue {
  byFullName: Map<string, string>;
  /** null: several keys share the short name, so it decides nothing. */
  byShortName: Map<string, string | null>;
  /** Stored unit per key: the target device's metadata, else any device's. */
  unitOf: Map<string, string>;
  /** Keys that already have metadata on the target device. */
  targetKeys: Set<string>;
}

export function buildCatalogue(rows: readonly PidMetaRow[], targetDeviceId: number | null): PidCatalogue {
  const target = rows.filter((r) => r.deviceId === targetDeviceId);
  const others = rows.filter((r) => r.deviceId !== targetDeviceId);
  const catalogue: PidCatalogue = { byFullName: new Map(), byShortName: new Map(), unitOf: new Map(), targetKeys: new Set(target.map((r) => r.key)) };
  for (const r of [...target, ...others]) {
    if (r.fullName && !catalogue.byFullName.has(nameMatchKey(r.fullName))) catalogue.byFullName.set(nameMatchKey(r.fullName), r.key);
    if (r.defaultUnit !== null && !catalogue.unitOf.has(r.key)) catalogue.unitOf.set(r.key, normaliseUnit(r.defaultUnit));
    if (r.shortName) {
      const k = nameMatchKey(r.shortName);
      const seen = catalogue.byShortName.get(k);
      catalogue.byShortName.set(k, seen === undefined || seen === r.key ? r.key : null);
    }
  }
  return catalogue;
}

export function customPidKey(name: string): string {
  return `fe${createHash("sha256").update(nameMatchKey(name)).digest("hex").slice(0, 10)}`;
}

interface FixedTarget {
  key: string;
  name: string;
  /** The unit when the header gives none (old generation), and for new metadata. */
  unit: string;
  /** No upload PID carries these values: a custom PID (reported as unknown). */
  custom?: true;
}

const custom = (name: string, unit: string): FixedTarget => ({ key: customPidKey(name), name, unit, custom: true });

export const FIXED_TARGETS: Readonly<Record<Exclude<FixedColumn, "gpsTime" | "deviceTime">, FixedTarget>> = {
  longitude: { key: "ff1005", name: "GPS Longitude", unit: "°" },
  latitude: { key: "ff1006", name: "GPS Latitude", unit: "°" },
  gpsSpeed: { key: "ff1001", name: "Speed (GPS)", unit: "km/h" },
  altitude: { key: "ff1010", name: "GPS Altitude", unit: "m" },
  bearing: { key: "ff1007", name: "GPS Bearing", unit: "°" },
  hdop: { key: "ff1239", name: "GPS Accuracy", unit: "m" },
  gravityX: custom("Gravity X", "g"),
  gravityY: custom("Gravity Y", "g"),
  gravityZ: custom("Gravity Z", "g"),
  gravityCalibrated: custom("Gravity (calibrated)", "g"),
};

export type Converter = (value: number) => number | null;
const identity: Converter = (v) => v;

/** Metadata to give a key on the target device if it has none yet. */
export interface NewPidMeta {
  key: string;
  fullName: string;
  shortName: string | null;
  defaultUnit: string;
}

export interface ColumnPlan {
  deviceTimeIndex: number | null;
  gpsTimeIndex: number | null;
  /** Distinct PID keys, in column order. */
  keys: string[];
  /** Per key: [column index, converter] in priority order (a PID column before a fixed one). */
  sources: [number, Converter][][];
  /** Column names stored under a known PID key, and those kept as custom PIDs. */
  mapped: string[];
  unknown: string[];
  skipped: SkippedColumn[];
  newMeta: NewPidMeta[];
}

/**
 * The conversion from the file's unit to the stored one. No unit on either side: the
 * values are taken as they are (Torque uploads ff1007 with a blank unit). Null when both
 * units are real and differ in a way that cannot be converted.
 */
export function converterFor(fileUnit: string | null, storedUnit: string | null): Converter | null {
  if (!fileUnit || !storedUnit || sameUnit(fileUnit, storedUnit)) return identity;
  if (!canConvert(fileUnit, storedUnit)) return null;
  const from = normaliseUnit(fileUnit);
  const to = normaliseUnit(storedUnit);
  return (v) => toStoredUnit(v, from, to);
}

interface Resolved {
  key: string;
  known: boolean;
  fixed: boolean;
  defaultFileUnit: string | null;
  meta: NewPidMeta;
}

function resolve(column: TrackLogColumn, catalogue: PidCatalogue): Resolved {
  if (column.fixed !== null && column.fixed !== "gpsTime" && column.fixed !== "deviceTime") {
    const t = FIXED_TARGETS[column.fixed];
    const table = pidByKey(t.key);
    return {
      key: t.key,
      known: t.custom !== true,
      fixed: true,
      defaultFileUnit: t.unit,
      meta: { key: t.key, fullName: table?.name ?? t.name, shortName: table?.shortName ?? null, defaultUnit: table?.unit ?? t.unit },
    };
  }
  const match = nameMatchKey(column.name);
  const short = catalogue.byShortName.get(match);
  const key = catalogue.byFullName.get(match) ?? pidKeyForName(column.name) ?? (short === undefined ? null : short);
  const table = key === null ? null : pidByKey(key);
  const finalKey = key ?? customPidKey(column.name);
  return {
    key: finalKey,
    known: key !== null,
    fixed: false,
    defaultFileUnit: null,
    meta: {
      key: finalKey,
      fullName: table?.name ?? column.name,
      shortName: table?.shortName ?? null,
      defaultUnit: table?.unit ?? normaliseUnit(column.unit ?? ""),
    },
  };
}

/** The plan for one header line. */
export function planColumns(columns: readonly TrackLogColumn[], catalogue: PidCatalogue): ColumnPlan {
  const plan: ColumnPlan = { deviceTimeIndex: null, gpsTimeIndex: null, keys: [], sources: [], mapped: [], unknown: [], skipped: [], newMeta: [] };
  const fixedSources = new Map<string, [number, Converter][]>();
  for (const column of columns) {
    if (column.fixed === "deviceTime") plan.deviceTimeIndex ??= column.index;
    if (column.fixed === "gpsTime") plan.gpsTimeIndex ??= column.index;
    if (column.fixed === "deviceTime" || column.fixed === "gpsTime") continue;
    if (column.name === "") {
      if (column.header.trim() !== "") plan.skipped.push({ column: column.header, reason: "no column name" });
      continue;
    }
    const r = resolve(column, catalogue);
    const storedUnit = catalogue.unitOf.get(r.key) ?? r.meta.defaultUnit;
    const fileUnit = column.unit ?? r.defaultFileUnit;
    const convert = converterFor(fileUnit, storedUnit);
    if (convert === null) {
      plan.skipped.push({ column: column.header.trim(), reason: `its unit "${fileUnit}" cannot be converted to the stored unit "${storedUnit}"` });
      continue;
    }
    if (r.known) plan.mapped.push(column.name);
    else plan.unknown.push(column.name);
    let i = plan.keys.indexOf(r.key);
    if (i < 0) {
      i = plan.keys.push(r.key) - 1;
      plan.sources.push([]);
      if (!catalogue.targetKeys.has(r.key)) plan.newMeta.push({ ...r.meta, defaultUnit: storedUnit });
    }
    // A fixed column only fills in where the PID column of the same key has no value.
    if (r.fixed) fixedSources.set(r.key, [...(fixedSources.get(r.key) ?? []), [column.index, convert]]);
    else plan.sources[i].push([column.index, convert]);
  }
  for (const [key, sources] of fixedSources) plan.sources[plan.keys.indexOf(key)].push(...sources);
  return plan;
}
