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
import type { TextBlock, TextRow } from "@/lib/samples/array-text";
import { TIME_CELLS_MAX_BYTES, trackLogTimeWriter, writeText } from "./time-columns";

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
  timeZone: string;
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
  const header = ["GPS Time", " Device Time", ...fixedCells, ...columns.map((c) => csvCell(formatHeaderCell(c.name, c.unit === "" ? null : c.unit)))].join(",");
  return { header: header + "\n", columns, fixed, sources, timeZone };
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

/**
 * Bytes per piece of the file handed on: ~190 rows of 40 values, large enough that the streams
 * after it cost little per byte, small enough to flow through deflate while the next is made.
 */
const PIECE_BYTES = 64 * 1024;
/** Longest text of a converted value (String() of a double is at most 24 characters). */
const CONVERTED_MAX = 32;
const COMMA = 44;
const DASH = 45;
const LF = 10;

/**
 * A row writer for one layout: `rows(batch)` writes the rows' lines as UTF-8 pieces of about
 * PIECE_BYTES. A value written as stored is copied character by character from the database's
 * text (the text of a float4 or float8 is ASCII); a converted one is parsed, converted and
 * printed. No string is made per value or per line (bench/README.md, section 11).
 */
export function trackLogRowWriter(layout: TrackLogLayout): (rows: readonly TextRow[]) => Buffer[] {
  const writeTimes = trackLogTimeWriter(layout.timeZone);
  const { sources } = layout;
  const converts = [...layout.fixed.map((f) => f.convert), ...layout.columns.map((c) => c.convert)];
  const converting = converts.some((c) => c !== null);
  return (rows) => {
    const pieces: Buffer[] = [];
    let out = Buffer.allocUnsafe(PIECE_BYTES);
    let p = 0;
    let block: TextBlock | null = null;
    let rowMax = 0;
    for (const row of rows) {
      if (row.block !== block) {
        block = row.block;
        rowMax = TIME_CELLS_MAX_BYTES + sources.length * (1 + Math.max(block.longest, converting ? CONVERTED_MAX : 1)) + 1;
      }
      if (p + rowMax > out.length) {
        if (p > 0) pieces.push(out.subarray(0, p));
        out = Buffer.allocUnsafe(Math.max(PIECE_BYTES, rowMax));
        p = 0;
      }
      p = writeTimes(out, p, row.time);
      const { arrays, base, stride, width } = block;
      const r = row.r * stride;
      for (let j = 0; j < sources.length; j++) {
        out[p++] = COMMA;
        const k = sources[j];
        // Absent: a column the row was stored without, or a value marked absent (negative start).
        const at = k < 0 || k >= width ? null : arrays[k].at;
        const i = base[k] + r;
        const from = at === null ? -1 : at[i];
        if (from < 0) {
          out[p++] = DASH;
          continue;
        }
        const to = Math.abs((at as Int32Array)[i + 1]) - 1;
        const text = arrays[k].text;
        const convert = converts[j];
        if (convert === null) {
          for (let c = from; c < to; c++) out[p++] = text.charCodeAt(c);
        } else {
          const v = convert(Number(text.slice(from, to)));
          if (v === null) out[p++] = DASH;
          else p = writeText(out, p, String(v));
        }
      }
      out[p++] = LF;
    }
    if (p > 0) pieces.push(out.subarray(0, p));
    return pieces;
  };
}
