/**
 * Builds the built-in PID table (torque-pids.ts) from Torque's own metadata: the
 * `defaultUnit<pid>`, `userFullName<pid>` and `userShortName<pid>` keys of an upload, and
 * the header of the app's trackLog.csv export of the same trip. Pure: callers pass the
 * parsed requests and header cells. Used by generate-torque-pids.ts and by the test that
 * checks the checked-in table against the fixture; an ingest path may reuse
 * collectPidMetadata for the metadata requests of any trip.
 */
import { normaliseUnit } from "@/lib/units";
import { nameMatchKey, normalisePidKey } from "./pid-names";
import type { TorquePidName } from "./torque-pids";

export interface PidMetadata {
  fullName?: string;
  shortName?: string;
  /** Raw, as uploaded ("km h", " " for %). */
  defaultUnit?: string;
  userUnit?: string;
}

const META_KEY = /^(defaultUnit|userUnit|userShortName|userFullName)([0-9a-fA-F]+)$/;

/** Collects per-PID metadata from upload query strings; later requests win, as in the app. */
export function collectPidMetadata(requests: Iterable<URLSearchParams>): Map<string, PidMetadata> {
  const out = new Map<string, PidMetadata>();
  for (const params of requests) {
    for (const [k, v] of params) {
      const m = META_KEY.exec(k);
      if (m === null) continue;
      const key = normalisePidKey(m[2]);
      const entry = out.get(key) ?? {};
      if (m[1] === "defaultUnit") entry.defaultUnit = v;
      else if (m[1] === "userUnit") entry.userUnit = v;
      else if (m[1] === "userShortName") entry.shortName = v;
      else entry.fullName = v;
      out.set(key, entry);
    }
  }
  return out;
}

/**
 * Repairs an uploaded name with the CSV's spelling of it: where the upload has a space and
 * the CSV one of "/", "%", "&" at the same position, the CSV's character is the real one
 * ("1 4 mile time" + "1/4 mile time"). A "," in the upload is kept (the CSV drops commas).
 * Any other difference means the names are not the same text, and the upload wins.
 */
export function restoreName(uploadName: string, csvName: string | undefined): string {
  if (csvName === undefined || csvName.length !== uploadName.length) return uploadName;
  let out = "";
  for (let i = 0; i < uploadName.length; i++) {
    const u = uploadName[i];
    const c = csvName[i];
    if (u === c) out += u;
    else if (u === " " && "/%&".includes(c)) out += c;
    else if (u === "," && c === " ") out += u;
    else return uploadName;
  }
  return out;
}

/** A header cell without its trailing "(unit)" group, or null if it has none. */
function withoutLastGroup(cell: string): string | null {
  if (!cell.endsWith(")")) return null;
  let depth = 0;
  for (let i = cell.length - 1; i >= 0; i--) {
    if (cell[i] === ")") depth++;
    else if (cell[i] === "(" && --depth === 0) return i > 0 ? cell.slice(0, i).trimEnd() : null;
  }
  return null;
}

export interface CsvNameMatch {
  /** The name as the CSV writes it (cell, or cell minus its unit group). */
  csvName: string;
  /** True if the CSV name equals the uploaded name character for character. */
  exact: boolean;
}

/**
 * For each PID with a full name, the CSV header cell that names it. A cell names a PID if
 * the cell itself or the cell without its last "(...)" matches the name (nameMatchKey);
 * the whole cell is tried first because some names end in a group that is not a unit
 * ("Commanded Equivalence Ratio(lambda)", "O2 Sensor1 Equivalence Ratio(alternate)").
 */
export function matchCsvNames(meta: Map<string, PidMetadata>, headerCells: readonly string[]): Map<string, CsvNameMatch> {
  const byKey = new Map<string, string>();
  for (const raw of headerCells) {
    const cell = raw.replace(/^\uFEFF/, "").trim();
    for (const candidate of [cell, withoutLastGroup(cell)]) {
      if (candidate !== null && !byKey.has(nameMatchKey(candidate))) byKey.set(nameMatchKey(candidate), candidate);
    }
  }
  const out = new Map<string, CsvNameMatch>();
  for (const [key, m] of meta) {
    if (m.fullName === undefined) continue;
    const csvName = byKey.get(nameMatchKey(m.fullName));
    if (csvName !== undefined) out.set(key, { csvName, exact: csvName === m.fullName });
  }
  return out;
}

function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The table rows: every PID that has a full name, with its name repaired from the CSV,
 * its short name as uploaded (nothing to repair it from: "1 4m time" stays), and its
 * default unit normalised ("km h" -> "km/h", " " -> "%"). Sorted by key (short keys first).
 */
export function buildPidTable(meta: Map<string, PidMetadata>, csvHeaderCells: readonly string[]): TorquePidName[] {
  const csv = matchCsvNames(meta, csvHeaderCells);
  const rows: TorquePidName[] = [];
  for (const key of [...meta.keys()].sort(compareKeys)) {
    const m = meta.get(key);
    if (m?.fullName === undefined) continue; // e.g. ff1007: a unit but no name was sent
    const row: TorquePidName = {
      key,
      name: restoreName(m.fullName, csv.get(key)?.csvName),
      unit: normaliseUnit(m.defaultUnit ?? ""),
    };
    if (m.shortName !== undefined && m.shortName !== "") row.shortName = m.shortName;
    rows.push(row);
  }
  return rows;
}

/** TypeScript source of torque-pids.ts for the given rows (deterministic, one row per line). */
export function renderPidTableSource(rows: readonly TorquePidName[], provenance: string): string {
  const lines = rows.map((r) => {
    const short = r.shortName === undefined ? "" : `, shortName: ${JSON.stringify(r.shortName)}`;
    return `  { key: ${JSON.stringify(r.key)}, name: ${JSON.stringify(r.name)}${short}, unit: ${JSON.stringify(r.unit)} },`;
  });
  return [
    "/**",
    " * GENERATED by lib/tracklog/generate-torque-pids.ts - do not edit by hand.",
    ` * Source: ${provenance}`,
    " *",
    " * Torque Pro's own names for its PIDs and their DEFAULT units (the units uploads use).",
    " * key: lower-case hex without leading zeros. name: userFullName, with the \"/\", \"%\" and",
    " * \"&\" that uploads turn into spaces restored from the app's CSV header. shortName: as",
    " * uploaded. torque-pids.test.ts checks this file against the fixture.",
    " */",
    "",
    "export interface TorquePidName {",
    "  key: string;",
    "  name: string;",
    "  shortName?: string;",
    "  unit: string;",
    "}",
    "",
    "export const TORQUE_PID_NAMES: ReadonlyArray<TorquePidName> = [",
    ...lines,
    "];",
    "",
  ].join("\n");
}
