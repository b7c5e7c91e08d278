import "server-only";
import { rowCells, type TextRow } from "@/lib/samples/array-text";
import { iterateSampleText, type SampleRange } from "@/lib/samples/read";
import type { PidInfo } from "./columns";
import { GPX_TAIL, gpxHead, gpxTrackPoints } from "./gpx";
import { unitChoice, type ExportFormat, type ExportOptions } from "./options";
import { sessionJsonWriter } from "./session-json";
import type { ExportSession } from "./sessions";
import { trackLogLayout, trackLogRowWriter } from "./tracklog-csv";

/**
 * Rows per piece of JSON or GPX handed on (~20-60 KB of text): small pieces flow through
 * deflate and out to the client while the rest of the batch is still being formatted, and
 * each stays below V8's large-object size, so it is collected young. CSV is written as bytes,
 * in pieces of its own size (tracklog-csv.ts).
 */
const ROWS_PER_CHUNK = 64;

/** Part of a session to write (the API's `from`/`to` and `pids=`); all of it by default. */
export interface SessionPart {
  range?: SampleRange;
  /** PID keys whose own columns to write (CSV/JSON); the fixed trackLog columns always stay. */
  pids?: readonly string[];
}

/**
 * One session's file as text chunks: memory stays one batch of samples whatever the session's
 * length. Stops between chunks once `signal` is aborted; ending the iteration early
 * (return/throw) stops the reading and no further query is made.
 *
 * The layout follows the session's PID list as loaded with it; a live session that gains a
 * PID meanwhile keeps this file's columns (PID lists only grow at the end, so positions hold).
 */
export async function* sessionChunks(
  session: ExportSession,
  pidInfo: ReadonlyMap<string, PidInfo>,
  format: ExportFormat,
  options: ExportOptions,
  signal?: AbortSignal,
  part: SessionPart = {},
): AsyncGenerator<string | Buffer> {
  let write: (rows: readonly TextRow[]) => Iterable<string | Buffer>;
  let tail = "";
  if (format === "gpx") {
    yield gpxHead(session.name ?? `Trip ${session.torqueSession}`, session.startedAt);
    const points = gpxTrackPoints(session.pidKeys);
    write = inPieces((rows) => points(withCells(rows, session.pidKeys.length)));
    tail = GPX_TAIL;
  } else {
    const layout = trackLogLayout(session.pidKeys, pidInfo, unitChoice(options), options.timeZone, part.pids);
    if (format === "json") {
      const json = sessionJsonWriter(session, layout.columns, options.timeZone, options.units);
      yield json.head();
      write = inPieces((rows) => json.rows(withCells(rows, session.pidKeys.length)));
      tail = json.tail();
    } else {
      yield layout.header;
      write = trackLogRowWriter(layout);
    }
  }
  // The rows are aligned to the PID list this file's layout was made from.
  for await (const batch of iterateSampleText(session.id, part.range, { keys: session.pidKeys })) {
    for (const piece of write(batch.rows)) {
      if (signal?.aborted) return;
      if (piece.length > 0) yield piece;
    }
  }
  if (tail !== "") yield tail;
}

/** A text writer applied ROWS_PER_CHUNK rows at a time, lazily. */
function inPieces(write: (rows: readonly TextRow[]) => string): (rows: readonly TextRow[]) => Iterable<string> {
  return function* (rows) {
    for (let from = 0; from < rows.length; from += ROWS_PER_CHUNK) yield write(rows.slice(from, from + ROWS_PER_CHUNK));
  };
}

/** Rows with their values as strings, for the JSON and GPX writers. */
function withCells(rows: readonly TextRow[], width: number): { time: number; cells: (string | null)[] }[] {
  return rows.map((row) => ({ time: row.time, cells: rowCells(row, width) }));
}
