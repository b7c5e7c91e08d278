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
  /** Position in the value arrays of every cell after the time columns, in file order (-1: always "-"). */
  sources: Int32Array;
  /** True when every value is written as stored (no conversion): rows then take the fast path. */
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
 * value arrays), `meta` what its device said about each PID. `only` keeps just those PIDs'
 * own columns (the API's `pids=`); the fixed columns stay, as they are the format.
 */
export function trackLogLayout(
  keys: readonly string[],
  meta: ReadonlyMap<string, PidInfo>,
  choice: UnitChoice,
  timeZone: string,
  only?: readonly string[],
): TrackLogLayout {
  const kept = only === undefined ? null : new Set(only);
  const columns = pidColumns(keys, meta, choice).filter((c) => kept === null || kept.has(c.key));
  const fixedCells: string[] = [];
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
    return { source, convert };
  });
  const sources = Int32Array.from([...fixed.map((f) => f.source), ...columns.map((c) => c.source)]);
  const asStored = fixed.every((f) => f.convert === null) && columns.every((c) => c.convert === null);
  const header = ["GPS Time", " Device Time", ...fixedCells, ...columns.map((c) => csvCell(formatHeaderCell(c.name, c.unit === "" ? null : c.unit)))].join(",");
  return { header: header + "\n", columns, fixed, sources, asStored, timeZone };
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

type Row = { time: number; cells: readonly (string | null)[] };

/**
 * A row writer for one layout: `rows(batch, from, to)` formats rows [from, to) as one string of
 * lines. In stored units every cell is the stored text as is (the fast path: one character
 * test per cell, ~5 µs a 40-value row); otherwise cell by cell with conversion.
 */
export function trackLogRowWriter(layout: TrackLogLayout): (rows: readonly Row[], from?: number, to?: number) => string {
  const times = trackLogTimeFormatter(layout.timeZone);
  const { columns, fixed, sources, asStored } = layout;
  return (rows, from = 0, to = rows.length) => {
    let out = "";
    for (let r = from; r < to; r++) {
      const row = rows[r];
      const t = times(row.time);
      let line = `${t.gps},${t.device}`;
      if (asStored) {
        for (let j = 0; j < sources.length; j++) {
          const v = sources[j] < 0 ? null : row.cells[sources[j]];
          line += v === null || v === undefined ? ",-" : `,${v}`;
        }
      } else {
        for (const f of fixed) line += "," + (f.source < 0 ? "-" : cellText(row.cells[f.source] ?? null, f.convert));
        for (const c of columns) line += "," + cellText(row.cells[c.source] ?? null, c.convert);
      }
      out += line + "\n";
    }
    return out;
  };
}
