/**
 * One session as JSON, written in pieces so it streams like the CSV:
 *
 *   { "format": "torque-logserver/session-v1", "session": {…summary…}, "timeZone": "…",
 *     "units": "stored" | "display", "columns": [{ "key", "name", "unit" }, …],
 *     "samples": [{ "time": "2016-03-29T06:58:18.846-07:00", "values": [-121.46, null, …] }, …] }
 *
 * `values[i]` belongs to `columns[i]`; null where the PID was not logged in that sample.
 * Times are RFC 3339 with the offset of the export's zone (the same instant in any zone).
 * Pure.
 */
import { formatInZone } from "@/lib/time";
import type { ExportColumn } from "./columns";
import type { IndexEntry } from "./index-csv";

export type SessionSummary = Omit<IndexEntry, "file">;

export interface JsonWriter {
  head(): string;
  rows(rows: readonly { time: number; cells: readonly (string | null)[] }[]): string;
  tail(): string;
}

const iso = (ms: number | null, timeZone: string) => (ms === null ? null : formatInZone(ms, timeZone, "iso"));

export function sessionJsonWriter(session: SessionSummary, columns: readonly ExportColumn[], timeZone: string, units: "stored" | "display"): JsonWriter {
  let first = true;
  const value = (text: string | null, convert: ExportColumn["convert"]): string => {
    if (text === null) return "null";
    if (convert === null) return text; // the database's decimal text is a valid JSON number
    const v = convert(Number(text));
    return v === null ? "null" : String(v);
  };
  return {
    head() {
      const meta = {
        format: "torque-logserver/session-v1",
        session: {
          id: session.id,
          torqueSession: session.torqueSession,
          name: session.name,
          notes: session.notes,
          tags: session.tags,
          vehicle: session.vehicle,
          device: session.device,
          startedAt: iso(session.startedAt, timeZone),
          endedAt: iso(session.endedAt, timeZone),
          durationS: session.durationS,
          distanceKm: session.distanceKm,
          sampleCount: session.sampleCount,
        },
        timeZone,
        units,
        columns: columns.map((c) => ({ key: c.key, name: c.name, unit: c.unit })),
      };
      const text = JSON.stringify(meta);
      return `${text.slice(0, -1)},"samples":[\n`;
    },
    rows(rows) {
      let out = "";
      for (const row of rows) {
        let values = "";
        for (let i = 0; i < columns.length; i++) values += (i === 0 ? "" : ",") + value(row.cells[columns[i].source] ?? null, columns[i].convert);
        out += `${first ? "" : ",\n"}{"time":"${iso(row.time, timeZone)}","values":[${values}]}`;
        first = false;
      }
      return out;
    },
    tail() {
      return "\n]}\n";
    },
  };
}
