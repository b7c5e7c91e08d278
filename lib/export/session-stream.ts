import "server-only";
import { iterateJoinedSamples, iterateSampleText } from "@/lib/samples/read";
import type { PidInfo } from "./columns";
import { GPX_TAIL, gpxHead, gpxTrackPoints } from "./gpx";
import { unitChoice, type ExportFormat, type ExportOptions } from "./options";
import { sessionJsonWriter } from "./session-json";
import { devicePidInfo, ownedExportSessions, type ExportSession } from "./sessions";
import { JOINED_CELLS, trackLogJoinedRowWriter, trackLogLayout, trackLogRowWriter } from "./tracklog-csv";

/**
 * One session's file as text chunks, one per batch of samples: memory stays one batch
 * whatever the session's length. Stops between batches once `signal` is aborted; ending the
 * iteration early (return/throw) stops the reading and no further query is made.
 *
 * The layout follows the session's PID list as loaded with it; a live session that gains a
 * PID meanwhile keeps this file's columns (PID lists only ever grow at the end, so positions
 * hold). A CSV in stored units takes its value cells pre-joined from the database
 * (iterateJoinedSamples), the other cases format cell by cell.
 */
export async function* sessionChunks(
  session: ExportSession,
  pidInfo: ReadonlyMap<string, PidInfo>,
  format: ExportFormat,
  options: ExportOptions,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  if (format === "gpx") {
    yield gpxHead(session.name ?? `Trip ${session.torqueSession}`, session.startedAt);
    const points = gpxTrackPoints(session.pidKeys);
    for await (const batch of iterateSampleText(session.id)) {
      if (signal?.aborted) return;
      const text = points(batch.rows);
      if (text !== "") yield text;
    }
    yield GPX_TAIL;
    return;
  }
  const layout = trackLogLayout(session.pidKeys, pidInfo, unitChoice(options), options.timeZone);
  if (format === "json") {
    const json = sessionJsonWriter(session, layout.columns, options.timeZone, options.units);
    yield json.head();
    for await (const batch of iterateSampleText(session.id)) {
      if (signal?.aborted) return;
      yield json.rows(batch.rows);
    }
    yield json.tail();
    return;
  }
  yield layout.header;
  if (layout.asStored) {
    const write = trackLogJoinedRowWriter(layout);
    for await (const rows of iterateJoinedSamples(session.id, layout.valueKeys, JOINED_CELLS)) {
      if (signal?.aborted) return;
      yield write(rows);
    }
  } else {
    const write = trackLogRowWriter(layout);
    for await (const batch of iterateSampleText(session.id)) {
      if (signal?.aborted) return;
      yield write(batch.rows);
    }
  }
}

/**
 * A session as Torque-style CSV text chunks, for the user who owns it (404 otherwise).
 * Never holds more than one batch of samples.
 */
export async function* sessionCsvStream(userId: number, sessionId: number, options: ExportOptions, signal?: AbortSignal): AsyncGenerator<string> {
  const [session] = await ownedExportSessions(userId, [sessionId]);
  yield* sessionChunks(session, await devicePidInfo(session.deviceId), "csv", options, signal);
}
