/**
 * trackLog.csv structure: header cells, fixed columns, cell values, and splitting a file
 * that holds several trips (one header line each).
 *
 * Header cells are `Name(unit)`, where names contain parentheses themselves
 * ("Throttle Position(Manifold)(%)"), so the unit is the LAST parenthesised group - unless
 * the whole cell is a known name: "G(x)", "O2 Sensor1 Equivalence Ratio(alternate)" and
 * "Commanded Equivalence Ratio(lambda)" have no unit, and cutting their last group would
 * turn them into other columns' names. Cells may carry a leading space and the first a
 * UTF-8 BOM. Column order varies between app versions and settings: match by name only.
 */
import Papa from "papaparse";
import { isKnownPidName, pidKeyForName } from "./pid-names";

export type FixedColumn =
  | "gpsTime"
  | "deviceTime"
  | "longitude"
  | "latitude"
  | "gpsSpeed"
  | "hdop"
  | "altitude"
  | "bearing"
  | "gravityX"
  | "gravityY"
  | "gravityZ"
  | "gravityCalibrated";

export interface TrackLogColumn {
  /** Position in the row. */
  index: number;
  /** The cell exactly as in the file. */
  header: string;
  /** Cleaned name: no BOM, no surrounding spaces, no unit group. */
  name: string;
  /** The unit as written in the file ("°F", "kpa", "Meters/second"), null if none. */
  unit: string | null;
  /** Which of the fixed (non-PID) columns this is, null for a PID column. */
  fixed: FixedColumn | null;
}

function clean(cell: string): string {
  return cell.replace(/^\uFEFF/, "").trim();
}

interface FixedMatch {
  fixed: FixedColumn;
  name: string;
  unit: string | null;
}

const UNIT = String.raw`(?:\s*\(([^()]*)\))?`;
const AXES: Record<string, FixedColumn> = { x: "gravityX", y: "gravityY", z: "gravityZ" };

// Compiled once: isHeaderRow runs over every cell of every row of a file.
const GRAVITY_NEW = new RegExp(`^gravity ?([xyz])${UNIT}$`, "i");
const GRAVITY_CAL_NEW = new RegExp(`^gravity ?calibrated${UNIT}$`, "i");
const SIMPLE: readonly [RegExp, FixedColumn][] = [
  [new RegExp(`^longitude${UNIT}$`, "i"), "longitude"],
  [new RegExp(`^latitude${UNIT}$`, "i"), "latitude"],
  [new RegExp(`^gps speed${UNIT}$`, "i"), "gpsSpeed"],
  [new RegExp(`^altitude${UNIT}$`, "i"), "altitude"],
  [new RegExp(`^bearing${UNIT}$`, "i"), "bearing"],
];

/**
 * The two generations of fixed columns, old then new:
 *   GPS Time, Device Time, Longitude, Latitude, GPS Speed (Meters/second),
 *   Horizontal Dilution of Precision, Altitude, Bearing, G(x), G(y), G(z), G(calibrated)
 *   GPS Time, Device Time, Longitude, Latitude, GPS Speed(km/h),
 *   Horizontal Dilution of Precision, Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G)
 * Not to be confused with PID columns of similar names ("GPS Altitude(m)", "Speed (GPS)").
 */
function matchFixed(cell: string): FixedMatch | null {
  const c = clean(cell).replace(/\s+/g, " ");
  // Every fixed title starts with a letter; data cells (numbers, "-", dates) mostly do not.
  if (!/^[a-z]/i.test(c)) return null;
  let m: RegExpExecArray | null;
  const withUnit = (fixed: FixedColumn, unit: string | undefined): FixedMatch => ({
    fixed,
    name: unit === undefined ? c : c.slice(0, c.lastIndexOf("(")).trimEnd(),
    unit: unit === undefined || unit.trim() === "" ? null : unit.trim(),
  });
  if (/^gps time$/i.test(c)) return { fixed: "gpsTime", name: c, unit: null };
  if (/^device time$/i.test(c)) return { fixed: "deviceTime", name: c, unit: null };
  if (/^(?:horizontal dilution of precision|hdop)$/i.test(c)) return { fixed: "hdop", name: c, unit: null };
  if (/^g ?\( ?calibrated ?\)$/i.test(c)) return { fixed: "gravityCalibrated", name: c, unit: null };
  if ((m = /^g ?\( ?([xyz]) ?\)$/i.exec(c))) return { fixed: AXES[m[1].toLowerCase()], name: c, unit: null };
  if ((m = GRAVITY_NEW.exec(c))) return withUnit(AXES[m[1].toLowerCase()], m[2]);
  if ((m = GRAVITY_CAL_NEW.exec(c))) return withUnit("gravityCalibrated", m[1]);
  for (const [re, fixed] of SIMPLE) {
    if ((m = re.exec(c))) return withUnit(fixed, m[1]);
  }
  return null;
}

/** Index of the "(" opening the cell's final ")" group, or -1. */
function lastGroupStart(cell: string): number {
  if (!cell.endsWith(")")) return -1;
  let depth = 0;
  for (let i = cell.length - 1; i >= 0; i--) {
    if (cell[i] === ")") depth++;
    else if (cell[i] === "(" && --depth === 0) return i;
  }
  return -1; // unbalanced: no unit
}

/** "Throttle Position(Manifold)(%)" -> { name: "Throttle Position(Manifold)", unit: "%" }; "Bearing" -> unit null. */
export function parseHeaderCell(cell: string): { name: string; unit: string | null } {
  const c = clean(cell);
  const fixed = matchFixed(c);
  if (fixed !== null) return { name: fixed.name, unit: fixed.unit };
  if (isKnownPidName(c)) return { name: c, unit: null };
  const open = lastGroupStart(c);
  if (open <= 0) return { name: c, unit: null };
  const unit = c.slice(open + 1, -1).trim();
  return { name: c.slice(0, open).trimEnd(), unit: unit === "" ? null : unit };
}

/** Every cell of a header line as a column; fixed columns are recognised by name, wherever they are. */
export function parseHeader(cells: string[]): TrackLogColumn[] {
  return cells.map((header, index) => {
    const { name, unit } = parseHeaderCell(header);
    return { index, header, name, unit, fixed: matchFixed(header)?.fixed ?? null };
  });
}

/**
 * True for a header line. A data row can never contain a column title, so one time column
 * title is enough; failing that, three fixed column titles (a header without time columns).
 */
export function isHeaderRow(cells: string[]): boolean {
  let fixedCount = 0;
  for (const cell of cells) {
    const f = matchFixed(cell)?.fixed;
    if (f === "gpsTime" || f === "deviceTime") return true;
    if (f !== undefined) fixedCount++;
  }
  return fixedCount >= 3;
}

/** The PID key of a column, by name; null for fixed columns and names the table does not know. */
export function pidKeyForColumn(column: TrackLogColumn): string | null {
  return column.fixed === null ? pidKeyForName(column.name) : null;
}

/**
 * "Name(unit)", or just the name when there is no unit. Torque writes CSV without quoting,
 * so commas (and line breaks) in names become spaces, as the app itself does
 * ("Catalyst Temperature (Bank 1,Sensor 1)" -> "Catalyst Temperature (Bank 1 Sensor 1)").
 */
export function formatHeaderCell(name: string, unit: string | null): string {
  const safe = (s: string) => s.replace(/[,\r\n]/g, " ");
  return unit === null || unit === "" ? safe(name) : `${safe(name)}(${safe(unit)})`;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell's number: "-" and "" (missing) -> null; strict decimal/exponent syntax; NaN/Infinity -> null. */
export function parseCellValue(cell: string): number | null {
  const c = cell.trim();
  if (!NUMBER.test(c)) return null;
  const n = Number(c);
  return Number.isFinite(n) ? n : null;
}

/** The inverse for export: null (and non-finite) -> "-", as Torque writes missing values. */
export function formatCellValue(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "-" : String(value);
}

export interface TrackLogSection {
  columns: TrackLogColumn[];
  /** Data rows (cells as text) up to the next header line or the end. */
  rows: string[][];
}

/**
 * Splits a whole trackLog.csv into trips at each header line. Uses a real CSV parser so
 * that a file re-saved by a spreadsheet (quoted cells, CRLF) still reads; Torque's own
 * files are plain. Rows before the first header are not part of any trip and are counted.
 */
export function splitTrackLog(text: string): { sections: TrackLogSection[]; rowsBeforeHeader: number } {
  const parsed = Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: "greedy" });
  const sections: TrackLogSection[] = [];
  let rowsBeforeHeader = 0;
  for (const row of parsed.data) {
    if (isHeaderRow(row)) sections.push({ columns: parseHeader(row), rows: [] });
    else if (sections.length > 0) sections[sections.length - 1].rows.push(row);
    else rowsBeforeHeader++;
  }
  return { sections, rowsBeforeHeader };
}
