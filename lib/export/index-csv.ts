/**
 * index.csv: one line per session in a bulk download, so the archive explains itself (which
 * file is which trip, with its summary) and opens in any spreadsheet. Times in the export's
 * zone, named in the header. Pure.
 */
import { formatInZone } from "@/lib/time";
import { csvLine } from "./csv";

export interface IndexEntry {
  file: string;
  id: number;
  torqueSession: string;
  startedAt: number;
  endedAt: number | null;
  durationS: number | null;
  distanceKm: number | null;
  sampleCount: number;
  vehicle: string | null;
  device: string;
  name: string | null;
  notes: string | null;
  tags: readonly string[];
}

export function indexHeader(timeZone: string): string {
  return csvLine([
    "file",
    "session id",
    "torque session",
    `start (${timeZone})`,
    `end (${timeZone})`,
    "duration (s)",
    "distance (km)",
    "samples",
    "vehicle",
    "device",
    "name",
    "notes",
    "tags",
  ]);
}

const num = (v: number | null, digits: number) => (v === null || !Number.isFinite(v) ? "" : String(Number(v.toFixed(digits))));

export function indexLine(e: IndexEntry, timeZone: string): string {
  return csvLine([
    e.file,
    String(e.id),
    e.torqueSession,
    formatInZone(e.startedAt, timeZone),
    e.endedAt === null ? "" : formatInZone(e.endedAt, timeZone),
    num(e.durationS, 0),
    num(e.distanceKm, 3),
    String(e.sampleCount),
    e.vehicle ?? "",
    e.device,
    e.name ?? "",
    e.notes ?? "",
    e.tags.join("; "),
  ]);
}
