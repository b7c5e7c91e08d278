/**
 * The first import pass: reads the whole file without storing anything and decides whether
 * it can be imported at all. It yields what the write pass needs (each trip's time range,
 * which PID columns carry values) and everything the report says about rows. A file that
 * fails here is refused whole, so "rejected" always means "nothing stored". Pure.
 */
import { zoneOffsetMinutes } from "@/lib/time";
import type { TrackLogColumn } from "@/lib/tracklog";
import { planColumns, type ColumnPlan, type PidCatalogue } from "./columns";
import { EncodingMismatch, ImportFileError, type TextEncodingName } from "./csv-rows";
import { REJECTED_ROWS_LISTED, type RejectedRow } from "./report";
import { readTrackLog, type TrackLogReadOptions } from "./tracklog-reader";

export interface SectionAnalysis {
  headerLine: number;
  columns: TrackLogColumn[];
  plan: ColumnPlan;
  /** Data rows under this header, usable or not. */
  rowsRead: number;
  rowsUsed: number;
  firstTime: number;
  lastTime: number;
  /** Per plan.keys: whether any usable row has a value (empty columns stay out of the session). */
  keyHasValues: boolean[];
}

export interface FileAnalysis {
  encoding: TextEncodingName;
  sections: SectionAnalysis[];
  rejected: RejectedRow[];
  rejectedCount: number;
  warnings: string[];
}

export type AnalyseOptions = Omit<TrackLogReadOptions, "encoding" | "planFor"> & { catalogue: PidCatalogue };

/** Rows checked for lining up with their header before a file is trusted at all. */
const FIRST_ROWS_CHECKED = 5;
/** Device Time this far from GPS Time means the chosen zone is not the phone's. */
const ZONE_MISMATCH_MS = 30 * 60_000;
const ZONE_SAMPLES = 101;

export async function analyseTrackLog(open: () => AsyncIterable<Uint8Array>, options: AnalyseOptions): Promise<FileAnalysis> {
  try {
    return await analyseAs(open, options, "utf-8");
  } catch (error) {
    if (!(error instanceof EncodingMismatch)) throw error;
  }
  const analysis = await analyseAs(open, options, "windows-1252").catch((error: unknown) => {
    throw error instanceof EncodingMismatch ? new ImportFileError("The file is neither UTF-8 nor Windows-1252 text.") : error;
  });
  analysis.warnings.unshift("The file is not UTF-8 text; it was read as Windows-1252 (Western European).");
  return analysis;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** -420 -> "UTC−07:00" */
function utcOffsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `UTC${minutes < 0 ? "\u2212" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function hoursText(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

async function analyseAs(open: () => AsyncIterable<Uint8Array>, options: AnalyseOptions, encoding: TextEncodingName): Promise<FileAnalysis> {
  const result: FileAnalysis = { encoding, sections: [], rejected: [], rejectedCount: 0, warnings: [] };
  let beforeHeader = 0;
  let firstRejection: RejectedRow | null = null;
  const zoneDeltas: number[][] = [];
  const events = readTrackLog(open(), { ...options, encoding, planFor: (columns) => planColumns(columns, options.catalogue) });
  for await (const event of events) {
    if (event.type === "beforeHeader") {
      beforeHeader++;
      continue;
    }
    if (event.type === "section") {
      if (event.plan.deviceTimeIndex === null && event.plan.gpsTimeIndex === null) {
        throw new ImportFileError(`The header on line ${event.line} has neither a GPS Time nor a Device Time column, so its rows cannot be placed in time.`);
      }
      const { line: headerLine, columns, plan } = event;
      result.sections.push({ headerLine, columns, plan, rowsRead: 0, rowsUsed: 0, firstTime: Infinity, lastTime: -Infinity, keyHasValues: plan.keys.map(() => false) });
      zoneDeltas.push([]);
      continue;
    }
    const s = result.sections[event.section];
    s.rowsRead++;
    if (event.type === "rejected") {
      if (event.kind === "cells" && s.rowsRead <= FIRST_ROWS_CHECKED) {
        throw new ImportFileError(
          `Line ${event.line} does not line up with the header on line ${s.headerLine}: ${event.reason}. The columns cannot be matched reliably.`,
        );
      }
      result.rejectedCount++;
      firstRejection ??= { line: event.line, reason: event.reason };
      if (result.rejected.length < REJECTED_ROWS_LISTED) result.rejected.push({ line: event.line, reason: event.reason });
      continue;
    }
    s.rowsUsed++;
    s.firstTime = Math.min(s.firstTime, event.time);
    s.lastTime = Math.max(s.lastTime, event.time);
    event.values.forEach((v, i) => {
      if (v !== null) s.keyHasValues[i] = true;
    });
    const deltas = zoneDeltas[event.section];
    if (event.gpsTime !== null && deltas.length < ZONE_SAMPLES) deltas.push(event.time - event.gpsTime);
  }

  if (result.sections.length === 0) {
    throw new ImportFileError(
      beforeHeader === 0
        ? "The file is empty."
        : "No Torque log header found (a line naming columns such as GPS Time, Device Time, Longitude): this does not look like a Torque trackLog.csv.",
    );
  }
  const rowsRead = result.sections.reduce((n, s) => n + s.rowsRead, 0);
  const rowsUsed = result.sections.reduce((n, s) => n + s.rowsUsed, 0);
  if (rowsRead === 0) throw new ImportFileError("The file has a header but no data rows.");
  const first = firstRejection === null ? "" : ` The first: line ${firstRejection.line}, ${firstRejection.reason}.`;
  if (rowsUsed === 0) throw new ImportFileError(`None of the ${rowsRead} data rows could be used.${first}`);
  if (result.rejectedCount * 2 > rowsRead) {
    throw new ImportFileError(`Most data rows could not be used (${result.rejectedCount} of ${rowsRead}), so the file was not imported.${first}`);
  }

  if (beforeHeader > 0) result.warnings.push(`${beforeHeader} line(s) before the first header were ignored.`);
  result.sections.forEach((s, i) => {
    if (s.rowsUsed === 0) result.warnings.push(`The header on line ${s.headerLine} has no usable data rows; nothing was imported for it.`);
    const deltas = zoneDeltas[i];
    if (deltas.length === 0) return;
    const offset = median(deltas);
    if (Math.abs(offset) < ZONE_MISMATCH_MS) return;
    // Device Time read in the chosen zone minus the true instant = the phone's UTC offset
    // minus the zone's: so GPS Time tells the phone's offset (to the quarter hour).
    const chosen = zoneOffsetMinutes(s.firstTime, options.timeZone);
    const phone = chosen + Math.round(offset / (15 * 60_000)) * 15;
    result.warnings.push(
      `Device Time read in ${options.timeZone} is ${hoursText(offset)} ${offset > 0 ? "ahead of" : "behind"} GPS Time ` +
        `(trip from line ${s.headerLine}): the phone's clock was at ${utcOffsetText(phone)}, ${options.timeZone} at ` +
        `${utcOffsetText(chosen)} on that date. Import the file again choosing the phone's time zone.`,
    );
  });
  return result;
}
