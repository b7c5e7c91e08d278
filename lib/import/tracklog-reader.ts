/**
 * A trackLog.csv as a stream of events: a header line starts a section (one trip), each
 * data row becomes a timed sample or a rejection with its reason. Both import passes
 * (analyse, then write) read the file through this, so they see exactly the same rows.
 * Pure: bytes in, events out.
 */
import { isHeaderRow, parseCellValue, parseDeviceTime, parseGpsTime, parseHeader, type TrackLogColumn } from "@/lib/tracklog";
import type { ColumnPlan } from "./columns";
import { readCsvRows, type TextEncodingName } from "./csv-rows";

export type TrackLogEvent =
  | { type: "section"; section: number; line: number; columns: TrackLogColumn[]; plan: ColumnPlan }
  | { type: "row"; section: number; line: number; time: number; gpsTime: number | null; values: (number | null)[] }
  | { type: "rejected"; section: number; line: number; reason: string; kind: RejectKind }
  | { type: "beforeHeader"; line: number };

export interface TrackLogReadOptions {
  encoding: TextEncodingName;
  maxLineBytes: number;
  /** IANA zone that Device Time (local, no zone) is read in. */
  timeZone: string;
  /** Rows after this instant are refused (a phone clock far in the future). */
  nowMs: number;
  planFor: (columns: TrackLogColumn[], section: number) => ColumnPlan;
}

// Torque Pro appeared in 2010; anything earlier is an unset phone clock.
const EARLIEST_MS = Date.UTC(2008, 0, 1);
const FUTURE_SLACK_MS = 2 * 86_400_000;

/** "cells": the row does not line up with its header; the other kinds are about its content. */
export type RejectKind = "cells" | "time" | "values";
export type RowResult = { time: number; gpsTime: number | null; values: (number | null)[] } | { reason: string; kind: RejectKind };

function show(cell: string | undefined): string {
  if (cell === undefined || cell.trim() === "" || cell.trim() === "-") return "missing";
  const c = cell.trim();
  return `"${c.length > 40 ? `${c.slice(0, 40)}…` : c}"`;
}

/** One data row under its section's plan: its instant and its values (aligned with plan.keys). */
export function interpretRow(cells: string[], width: number, plan: ColumnPlan, timeZone: string, nowMs: number): RowResult {
  if (cells.length < width) return { reason: `${cells.length} cells where the header has ${width} (a cut-off line?)`, kind: "cells" };
  if (cells.length > width && cells.slice(width).some((c) => c.trim() !== "")) {
    return { reason: `${cells.length} cells where the header has ${width}`, kind: "cells" };
  }
  const deviceCell = plan.deviceTimeIndex === null ? undefined : cells[plan.deviceTimeIndex];
  const gpsCell = plan.gpsTimeIndex === null ? undefined : cells[plan.gpsTimeIndex];
  const gpsTime = gpsCell === undefined ? null : parseGpsTime(gpsCell);
  // Device Time first: it has milliseconds and is there even without a GPS fix.
  const time = (deviceCell === undefined ? null : parseDeviceTime(deviceCell, timeZone)) ?? gpsTime;
  if (time === null) return { reason: `no readable time (Device Time ${show(deviceCell)}, GPS Time ${show(gpsCell)})`, kind: "time" };
  if (time < EARLIEST_MS || time > nowMs + FUTURE_SLACK_MS) {
    return { reason: `time ${new Date(time).toISOString()} is not plausible (phone clock not set?)`, kind: "time" };
  }
  const values: (number | null)[] = new Array(plan.keys.length).fill(null);
  let any = false;
  for (let k = 0; k < plan.sources.length; k++) {
    for (const [index, convert] of plan.sources[k]) {
      const raw = parseCellValue(cells[index] ?? "");
      const v = raw === null ? null : convert(raw);
      if (v !== null) {
        values[k] = v;
        any = true;
        break;
      }
    }
  }
  if (!any) return { reason: "no values in any column", kind: "values" };
  return { time, gpsTime, values };
}

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const isNumeric = (cell: string) => NUMERIC.test(cell);

export async function* readTrackLog(source: AsyncIterable<Uint8Array>, options: TrackLogReadOptions): AsyncGenerator<TrackLogEvent> {
  let section = -1;
  let plan: ColumnPlan | null = null;
  let width = 0;
  for await (const { line, cells } of readCsvRows(source, options)) {
    // A header has no purely numeric cell; checking that first spares isHeaderRow's
    // per-cell patterns on almost every data row (the cost of a 100 MB file's pass halves).
    if (!cells.some(isNumeric) && isHeaderRow(cells)) {
      section++;
      const columns = parseHeader(cells);
      // A trailing comma on the header line adds an unnamed last column: rows may omit it.
      width = columns.length;
      while (width > 0 && columns[width - 1].header.trim() === "") width--;
      plan = options.planFor(columns, section);
      yield { type: "section", section, line, columns, plan };
      continue;
    }
    if (plan === null) {
      yield { type: "beforeHeader", line };
      continue;
    }
    const result = interpretRow(cells, width, plan, options.timeZone, options.nowMs);
    if ("reason" in result) yield { type: "rejected", section, line, reason: result.reason, kind: result.kind };
    else yield { type: "row", section, line, ...result };
  }
}
