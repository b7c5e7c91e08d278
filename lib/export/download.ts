import "server-only";
import { sessionFileName } from "./file-names";
import { beginExport, endExport, stoppedEarly, type ExportJob } from "./jobs";
import type { ExportFormat, ExportOptions } from "./options";
import { devicePidInfo, ownedExportSessions } from "./sessions";
import { sessionChunks, type SessionPart } from "./session-stream";
import { iterableToWebStream } from "./web-stream";

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  gpx: "application/gpx+xml; charset=utf-8",
};

export interface SessionDownload {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  contentType: string;
  job: ExportJob;
}

/**
 * One session as a file (CSV, JSON or GPX), streamed. 404 when the session is not the user's;
 * counts against the user's concurrent exports like a zip does.
 */
export async function sessionDownload(
  userId: number,
  sessionId: number,
  format: ExportFormat,
  options: ExportOptions,
  context: { signal?: AbortSignal; part?: SessionPart } = {},
): Promise<SessionDownload> {
  const [session] = await ownedExportSessions(userId, [sessionId]);
  const info = await devicePidInfo(session.deviceId);
  const job = beginExport(userId, "session", { total: 1 });
  context.signal?.addEventListener("abort", () => endExport(job, "cancelled"), { once: true });
  const chunks = sessionChunks(session, info, format, options, job.controller.signal, context.part);
  const tracked = async function* () {
    try {
      yield* chunks;
      // sessionChunks ends quietly when the export is stopped: the body must fail instead.
      const stopped = stoppedEarly(job);
      if (stopped) throw stopped;
      job.done = 1;
      endExport(job, "done");
    } catch (error) {
      endExport(job, "failed");
      throw error;
    } finally {
      endExport(job, "cancelled"); // no-op unless the reader stopped early
    }
  };
  const stream = iterableToWebStream(tracked(), {
    onChunk: (bytes) => (job.bytes += bytes),
    onCancel: () => endExport(job, "cancelled"),
  });
  return { stream, fileName: sessionFileName(session, options.timeZone, format), contentType: CONTENT_TYPES[format], job };
}
