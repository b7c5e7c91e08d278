import "server-only";
import { Readable } from "node:stream";
import ZipStream from "zip-stream";
import { logger } from "@/lib/log";
import { sessionFileName, uniqueNamer } from "./file-names";
import { indexHeader, indexLine } from "./index-csv";
import { beginExport, endExport, stoppedEarly, type ExportJob } from "./jobs";
import type { ExportOptions } from "./options";
import { existingExportSessions, ownedExportSessions, pidInfoCache, type ExportSession } from "./sessions";
import { readAhead } from "./read-ahead";
import { sessionChunks } from "./session-stream";
import { iterableToWebStream } from "./web-stream";

/**
 * The bulk download: one zip with one Torque-style CSV per session and an index.csv (last, so
 * it can list every file however the ids arrive), streamed end to end — batches of samples
 * from Postgres become CSV bytes, at most READ_AHEAD_BYTES ahead of the deflater, are deflated
 * into the zip and leave through the response. Nothing holds a session, let alone the archive.
 *
 * zip-stream (7) writes the archive: as fast as archiver 8 (which wraps it) or a little faster,
 * measured on the same data in bench/zip-libs.ts (bench/README.md). Deflate level 1: sensor
 * CSV shrinks 2.5-4x (bench data / the real trip); level 6 saves ~10% more for ~3x the CPU.
 */
export interface ZipExport {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  /** Sessions in the archive when known up front (ids), null for a filter read as it goes. */
  sessions: number | null;
  job: ExportJob;
}

const OUTPUT_CHUNK = 64 * 1024;

/** Stalled clients (no read for this long) give their slot back. */
const STALL_MS = 15 * 60_000;

/**
 * `sessionIds`: the ids (all checked before anything is sent: a foreign or unknown id is a
 * 404), or batches of ids from a query (sessions deleted meanwhile are skipped; `total` is
 * then the expected count, for progress). The returned stream starts at once; `signal` (the
 * request's) or cancelling the stream stops all work.
 */
export async function exportZipStream(
  userId: number,
  sessionIds: readonly number[] | AsyncIterable<readonly number[]>,
  options: ExportOptions,
  context: { signal?: AbortSignal; jobId?: string; total?: number } = {},
): Promise<ZipExport> {
  const upfront = isArray(sessionIds) ? await ownedExportSessions(userId, sessionIds) : null;
  const job = beginExport(userId, "zip", { id: context.jobId, total: upfront?.length ?? context.total ?? null });
  const signal = job.controller.signal;
  context.signal?.addEventListener("abort", () => endExport(job, "cancelled"), { once: true });
  if (context.signal?.aborted) endExport(job, "cancelled");

  const zip = new ZipStream({ zlib: { level: 1 } });
  // An error is handed to the reader (the response) through the iterator; never unhandled.
  zip.on("error", () => undefined);
  const batches: AsyncIterable<ExportSession[]> =
    upfront !== null ? once(upfront) : mapBatches(sessionIds as AsyncIterable<readonly number[]>, (ids) => existingExportSessions(userId, ids));

  void writeArchive(zip, batches, options, job).then(
    () => undefined,
    (error: unknown) => {
      if (!signal.aborted) logger.error("export failed", { userId, job: job.id, error });
      endExport(job, "failed"); // no-op when it was cancelled: that already ended it
      zip.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );

  let stall: NodeJS.Timeout | undefined;
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => endExport(job, "cancelled"), STALL_MS);
    stall.unref();
  };
  armStall();
  signal.addEventListener("abort", () => clearTimeout(stall), { once: true });

  const stream = iterableToWebStream(untilComplete(zip, job), {
    onChunk: (bytes) => {
      job.bytes += bytes;
      armStall();
    },
    onCancel: () => endExport(job, "cancelled"),
  });
  const stamp = new Date().toISOString().slice(0, 16).replace("T", "_").replace(":", "");
  const count = job.total;
  return { stream, fileName: `torque-sessions_${count === null ? "" : `${count}_`}${stamp}.zip`, sessions: upfront?.length ?? null, job };
}

/** A file's start in the stream of archive pieces: its session and its name in the zip. */
interface FileStart {
  session: ExportSession;
  file: string;
}

/**
 * CSV read ahead of the deflater: ~5 chunks of samples. The database works on the next
 * chunks — across the end of one file and the start of the next — while this process formats
 * and deflates, instead of each waiting for the other (bench/README.md, section 11).
 */
const READ_AHEAD_BYTES = 1024 * 1024;

/** Every file of the archive: its start, then its CSV as bytes. */
async function* archivePieces(batches: AsyncIterable<ExportSession[]>, options: ExportOptions, signal: AbortSignal): AsyncGenerator<FileStart | Buffer> {
  const pidInfo = pidInfoCache();
  const name = uniqueNamer();
  for await (const sessions of batches) {
    for (const session of sessions) {
      signal.throwIfAborted();
      yield { session, file: name(sessionFileName(session, options.timeZone, "csv")) };
      for await (const chunk of sessionChunks(session, await pidInfo(session.deviceId), "csv", options, signal)) {
        if (chunk.length > 0) yield typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      }
    }
  }
}

async function writeArchive(zip: ZipStream, batches: AsyncIterable<ExportSession[]>, options: ExportOptions, job: ExportJob): Promise<void> {
  const signal = job.controller.signal;
  const index: string[] = [];
  const pieces = readAhead(archivePieces(batches, options, signal), (piece) => (Buffer.isBuffer(piece) ? piece.length : 0), READ_AHEAD_BYTES);
  try {
    let next = await pieces.next();
    while (!next.done) {
      const start = next.value as FileStart;
      // The file's bytes up to the next file's start, which is kept for the next round.
      const after: { item: IteratorResult<FileStart | Buffer> | null } = { item: null };
      const body = async function* () {
        for (;;) {
          const item = await pieces.next();
          if (item.done || !Buffer.isBuffer(item.value)) {
            after.item = item;
            return;
          }
          yield item.value;
        }
      };
      // One piece at a time between the reader and the deflater.
      await addEntry(zip, Readable.from(body(), { objectMode: false, highWaterMark: 1 }), { name: start.file, date: new Date(start.session.startedAt) }, signal);
      index.push(indexLine({ ...start.session, file: start.file }, options.timeZone));
      job.done++;
      signal.throwIfAborted();
      if (after.item === null) throw new Error(`the archive's stream ended inside ${start.file}`);
      next = after.item;
    }
  } finally {
    await pieces.return(undefined);
  }
  signal.throwIfAborted();
  await addEntry(zip, Buffer.from(indexHeader(options.timeZone) + index.join(""), "utf8"), { name: "index.csv", date: new Date() }, signal);
  zip.finalize();
  await new Promise<void>((resolve, reject) => {
    zip.once("end", resolve);
    zip.once("close", resolve);
    zip.once("error", reject);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  endExport(job, "done");
}

/** Adds one entry and waits until it is written; abort destroys the entry's source (stopping its reads). */
function addEntry(zip: ZipStream, source: Readable | Buffer, data: { name: string; date: Date }, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      if (source instanceof Readable) source.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    if (source instanceof Readable) source.once("error", (error) => reject(error));
    zip.entry(source, data, (error) => {
      signal.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * The archive's bytes, failing (rather than ending) when the export stopped before the end:
 * the client must see a broken download as failed, never as a complete but truncated zip.
 */
async function* untilComplete(zip: ZipStream, job: ExportJob): AsyncGenerator<Buffer> {
  // zlib hands out 16 KB pieces; fewer, larger writes cost the response less per byte. The
  // first piece (the first file's header) goes out alone: the download starts at once.
  let pending: Buffer[] = [];
  let size = 0;
  let first = true;
  try {
    for await (const chunk of zip) {
      pending.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= OUTPUT_CHUNK || first) {
        first = false;
        yield Buffer.concat(pending, size);
        pending = [];
        size = 0;
      }
    }
  } catch (error) {
    throw stoppedEarly(job) ?? error;
  }
  const stopped = stoppedEarly(job);
  if (stopped) throw stopped;
  if (size > 0) yield Buffer.concat(pending, size);
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

async function* mapBatches<T>(source: AsyncIterable<readonly number[]>, load: (ids: readonly number[]) => Promise<T>): AsyncGenerator<T> {
  for await (const ids of source) yield await load(ids);
}

function isArray(value: readonly number[] | AsyncIterable<readonly number[]>): value is readonly number[] {
  return Array.isArray(value);
}
