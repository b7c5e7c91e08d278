import "server-only";
import { createReadStream } from "node:fs";
import { db } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { logger } from "@/lib/log";
import { refreshSessionSummary } from "@/lib/sessions/summary";
import { analyseTrackLog } from "./analyse";
import { buildCatalogue } from "./columns";
import { DEFAULT_MAX_LINE_BYTES, ImportFileError } from "./csv-rows";
import type { FileImportReport } from "./report";
import { writeTrackLog } from "./store";
import { loadPidMeta, resolveImportDevice } from "./targets";

/**
 * Imports Torque trackLog.csv files for a user: for each file, analyse (pass 1, nothing
 * stored; a bad file is refused here with its reason), then write (pass 2, one
 * transaction). Files are independent: one refused file does not stop the others. Files
 * are read from disk twice rather than held in memory (see receive.ts).
 */
export interface ImportFile {
  /** Name to report (as uploaded). */
  name: string;
  path: string;
  size: number;
}

export interface ImportOptions {
  userId: number;
  /** IANA zone for Device Time; default the user's zone, else UTC. */
  timeZone?: string;
  /** The user's device to import into; default their "Imported" device. */
  deviceId?: number;
  maxLineBytes?: number;
  nowMs?: number;
}

function emptyReport(file: ImportFile, timeZone: string): FileImportReport {
  return {
    file: file.name,
    bytes: file.size,
    sessions: [],
    columnsMapped: 0,
    columnsUnknown: [],
    columnsSkipped: [],
    rowsRejected: [],
    rowsRejectedCount: 0,
    warnings: [],
    timeZone,
  };
}

export async function defaultImportTimeZone(userId: number): Promise<string> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { timeZone: true } });
  return user?.timeZone ?? "UTC";
}

export async function importTrackLogFiles(files: readonly ImportFile[], options: ImportOptions): Promise<FileImportReport[]> {
  const timeZone = options.timeZone ?? (await defaultImportTimeZone(options.userId));
  const chosen = options.deviceId === undefined ? null : await resolveImportDevice(options.userId, options.deviceId);
  const reports: FileImportReport[] = [];
  for (const file of files) {
    // Looked up per file: the previous one may have created the "Imported" device or custom PIDs.
    const deviceId = chosen ?? (await resolveImportDevice(options.userId, undefined));
    const catalogue = buildCatalogue(await loadPidMeta(options.userId), deviceId);
    const report = emptyReport(file, timeZone);
    reports.push(report);
    const open = () => createReadStream(file.path, { highWaterMark: 64 * 1024 });
    const common = { timeZone, nowMs: options.nowMs ?? Date.now(), maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES };
    try {
      const analysis = await analyseTrackLog(open, { ...common, catalogue });
      const mapped = new Set<string>();
      const unknown = new Set<string>();
      const skipped = new Map<string, string>();
      for (const s of analysis.sections) {
        s.plan.mapped.forEach((n) => mapped.add(n));
        s.plan.unknown.forEach((n) => unknown.add(n));
        s.plan.skipped.forEach((c) => skipped.set(c.column, c.reason));
      }
      report.columnsMapped = mapped.size;
      report.columnsUnknown = [...unknown];
      report.columnsSkipped = [...skipped].map(([column, reason]) => ({ column, reason }));
      report.rowsRejected = analysis.rejected;
      report.rowsRejectedCount = analysis.rejectedCount;
      report.warnings = analysis.warnings;
      report.sessions = await writeTrackLog(open, analysis, { ...common, userId: options.userId, deviceId });
    } catch (error) {
      if (error instanceof ImportFileError) {
        report.error = error.message;
        continue;
      }
      if (isDatabaseUnavailable(error)) throw error;
      logger.error("import failed", { file: file.name, error });
      report.error = "The file could not be stored (internal error); nothing of it was kept. Try again, or report it with the server log.";
      report.sessions = [];
    }
    for (const s of report.sessions) await refreshSessionSummary(s.id);
  }
  return reports;
}
