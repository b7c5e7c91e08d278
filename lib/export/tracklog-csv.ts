/**
 * A session as Torque's own trackLog.csv, so tools that read Torque's files read ours:
 *
 *   GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision,
 *   Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G),<one Name(unit) per PID>
 *
 * The fixed part is spelled byte for byte as the app writes it (its odd spaces included). As
 * in the app's export (tests/fixtures/torque), the fixed columns repeat PIDs that also get
 * their own column: Longitude = GPS Longitude (ff1005), Latitude = ff1006, GPS Speed = Speed
 * (GPS) (ff1001), Horizontal Dilution of Precision = GPS Accuracy (ff1239), Altitude = GPS
 * Altitude (ff1010), Bearing = GPS Bearing (ff123b). Gravity X/Y/Z are the phone's raw
 * accelerometer, which uploads do not carry (they differ from Acceleration Sensor ff1220-2 in
 * every row of the fixture), so they are "-". Missing values are "-", lines end in LF. Pure.
 */
import { formatHeaderCell } from "@/lib/tracklog";
import { csvCell } from "./csv";
import { canConvert, convertValue, sameUnit } from "@/lib/units";
import { pidColumns, tidy, type ExportColumn, type PidInfo, type UnitChoice, unitPlan } from "./columns";
import { trackLogTimeFormatter } from "./time-columns";

interface FixedColumn {
  /** Header text exactly as Torque writes it, without the unit. */
  title: string;
  key: string | null;
  /** Unit of the column in Torque's file (metric); "" when the title has none. */
  unit: string;
}

const FIXED: readonly FixedColumn[] = [
  { title: " Longitude", key: "ff1005", unit: "" },
  { title: " Latitude", key: "ff1006", unit: "" },
  { title: "GPS Speed", key: "ff1001", unit: "km/h" },
  { title: " Horizontal Dilution of Precision", key: "ff1239", unit: "" },
  { title: " Altitude", key: "ff1010", unit: "m" },
  { title: " Bearing", key: "ff123b", unit: "" },
  { title: " Gravity X", key: null, unit: "G" },
  { title: " Gravity Y", key: null, unit: "G" },
  { title: " Gravity Z", key: null, unit: "G" },
];

export interface TrackLogLayout {
  header: string;
  /** The PID columns after the fixed ones, in file order. */
  columns: ExportColumn[];
  /** Per fixed column: where its value comes from (-1: nowhere) and how it is converted. */
  fixed: { source: number; convert: ExportColumn["convert"] }[];
  /** The PID behind every value cell after the time columns, in file order (null: always "-"). */
  valueKeys: (string | null)[];
  /** True when every value is written as stored: the cells can then come pre-joined from the database. */
  asStored: boolean;
  timeZone: string;
}

/** A stored value's text in the exported unit: as stored when no conversion applies. */
function cellText(text: string | null, convert: ExportColumn["convert"]): string {
  if (text === null) return "-";
  if (convert === null) return text;
  const v = convert(Number(text));
  return v === null ? "-" : String(v);
}

/**
 * The layout of one session's file. `keys` is the session's PID column list (the order of its
 * value arrays), `meta` what its device said about each PID.
 */
export function trackLogLayout(keys: readonly string[], meta: ReadonlyMap<string, PidInfo>, choice: UnitChoice, timeZone: string): TrackLogLayout {
  const columns = pidColumns(keys, meta, choice);
  const fixedCells: string[] = [];
  const valueKeys: (string | null)[] = [];
  const fixed = FIXED.map((f) => {
    const source = f.key === null ? -1 : keys.indexOf(f.key);
    const stored = source < 0 ? f.unit : (columns.find((c) => c.source === source)?.storedUnit ?? f.unit);
    // Torque's fixed columns are in km/h and m: a value stored in another unit is converted first.
    const nominal = f.unit === "" ? { unit: "", convert: null } : unitPlan(f.unit, choice);
    const toNominal: ExportColumn["convert"] =
      f.unit !== "" && !sameUnit(stored, f.unit) && canConvert(stored, f.unit) ? (v) => {
            const x = convertValue(v, stored, f.unit);
            return x === null ? null : tidy(x);
          }
        : null;
    const convert = chain(toNominal, nominal.convert);
    fixedCells.push(f.unit === "" ? f.title : `${f.title}(${nominal.unit})`);
    valueKeys.push(source < 0 ? null : f.key);
    return { source, convert };
  });
  valueKeys.push(...columns.map((c) => c.key));
  const asStored = fixed.every((f) => f.convert === null) && columns.every((c) => c.convert === null);
  const header = ["GPS Time", " Device Time", ...fixedCells, ...columns.map((c) => csvCell(formatHeaderCell(c.name, c.unit === "" ? null : c.unit)))].join(",");
  return { header: header + "\n", columns, fixed, valueKeys, asStored, timeZone };
}

function chain(a: ExportColumn["convert"], b: ExportColumn["convert"]): ExportColumn["convert"] {
  if (a === null) return b;
  if (b === null) return a;
  return (v) => {
    const x = a(v);
    const y = x === null ? null : b(x);
    return y === null ? null : tidy(y);
  };
}

/** How the database must join a row's values for trackLogJoinedRowWriter (see iterateJoinedSamples). */
export const JOINED_CELLS = { separator: ",", missing: "-" } as const;

/**
 * The fast writer for a layout that is `asStored`: each row's value cells arrive already
 * picked, ordered and joined (the values of `layout.valueKeys` joined per JOINED_CELLS), so a
 * line is its two time cells and that text. Same output as trackLogRowWriter.
 */
export function trackLogJoinedRowWriter(layout: TrackLogLayout): (rows: readonly { time: number; text: string }[]) => string {
  if (!layout.asStored) throw new Error("values that need converting cannot be pre-joined");
  const times = trackLogTimeFormatter(layout.timeZone);
  return (rows) => {
    let out = "";
    for (const row of rows) {
      const t = times(row.time);
      out += `${t.gps},${t.device},${row.text}\n`;
    }
    return out;
  };
}

/** A row writer for one layout; `rows` formats a batch of rows as one string of lines. */
export function trackLogRowWriter(layout: TrackLogLayout): (rows: readonly { time: number; cells: readonly (string | null)[] }[]) => string {
  const times = trackLogTimeFormatter(layout.timeZone);
  const { columns, fixed } = layout;
  return (rows) => {
    let out = "";
    for (const row of rows) {
      const t = times(row.time);
      let line = `${t.gps},${t.device}`;
      for (const f of fixed) line += "," + (f.source < 0 ? "-" : cellText(row.cells[f.source] ?? null, f.convert));
      for (const c of columns) line += "," + cellText(row.cells[c.source] ?? null, c.convert);
      out += line + "\n";
    }
    return out;
  };
}
