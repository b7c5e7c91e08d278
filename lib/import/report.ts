/**
 * What an import answers, per file: the JSON of POST /api/v1/imports and what the import
 * page shows. Types only, shared by the server pipeline and the browser.
 */

export interface ImportedSession {
  /** The session's id (links to /sessions/<id>). */
  id: number;
  /** "created": a new trip; "merged": the rows went into a trip that already covered that time. */
  status: "created" | "merged";
  /** Data rows of this trip in the file (including rejected ones). */
  rowsRead: number;
  /** New samples (timestamps the session did not have). */
  samplesInserted: number;
  /** Existing samples that gained values from the file. */
  samplesMerged: number;
  /** Samples already stored with the same values (a re-import): nothing written. */
  samplesUnchanged: number;
  firstTime: string;
  lastTime: string;
}

export interface RejectedRow {
  /** 1-based line in the file. */
  line: number;
  reason: string;
}

export interface SkippedColumn {
  column: string;
  reason: string;
}

export interface FileImportReport {
  /** The file name as uploaded. */
  file: string;
  bytes: number;
  /** Present when the whole file was refused; then nothing of it was stored. */
  error?: string;
  sessions: ImportedSession[];
  /** Data columns stored under a known PID key (fixed GPS columns included). */
  columnsMapped: number;
  /** Column names no PID matched: kept as custom PIDs under a synthetic key. */
  columnsUnknown: string[];
  /** Columns left out, with why (a unit that cannot be converted to the stored one). */
  columnsSkipped: SkippedColumn[];
  /** Up to REJECTED_ROWS_LISTED rows that could not be used, and the total. */
  rowsRejected: RejectedRow[];
  rowsRejectedCount: number;
  /** Things worth a look that did not stop the import (time zone that disagrees with GPS Time…). */
  warnings: string[];
  timeZone: string;
}

export interface ImportResponse {
  files: FileImportReport[];
}

export const REJECTED_ROWS_LISTED = 50;
