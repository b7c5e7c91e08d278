/**
 * Bytes of an uploaded file -> CSV rows, streaming: papaparse in Node-stream mode behind a
 * guard that refuses what is not a text log before papaparse sees it (NUL bytes, archives,
 * gigantic lines, text that is not in the expected encoding). Memory stays one chunk plus
 * one line, whatever the file size. Pure (no I/O of its own): the caller supplies the bytes.
 */
import { Readable, type Duplex } from "node:stream";
import Papa from "papaparse";

/** A file-level refusal: the message is shown to the user as the file's error. */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

/** The bytes are not valid in the encoding tried; the caller may retry with another. */
export class EncodingMismatch extends Error {
  override name = "EncodingMismatch";
}

export type TextEncodingName = "utf-8" | "windows-1252";

export interface CsvRow {
  /** 1-based line number (exact unless a quoted cell spans lines). */
  line: number;
  cells: string[];
}

export interface CsvReadOptions {
  encoding: TextEncodingName;
  /** A line longer than this (in bytes) rejects the file. */
  maxLineBytes: number;
}

export const DEFAULT_MAX_LINE_BYTES = 256 * 1024;

const MAGIC: readonly [number[], string][] = [
  [[0x1f, 0x8b], "a gzip-compressed file: decompress it and import the .csv inside"],
  [[0x50, 0x4b, 0x03, 0x04], "a zip archive: extract it and import the .csv files inside"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF document, not a CSV log"],
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image, not a CSV log"],
  [[0xff, 0xd8, 0xff], "a JPEG image, not a CSV log"],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], "an SQLite database, not a CSV log"],
];

function sniff(first: Uint8Array): string | null {
  for (const [bytes, what] of MAGIC) {
    if (first.length >= bytes.length && bytes.every((b, i) => first[i] === b)) return `This is ${what}.`;
  }
  if (first.length >= 2 && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))) {
    return "This file is UTF-16 text; Torque writes UTF-8. Save it as UTF-8 CSV and import it again.";
  }
  return null;
}

/** Decoded text of the file, checked chunk by chunk (see the module comment). */
async function* guardedText(source: AsyncIterable<Uint8Array>, options: CsvReadOptions): AsyncGenerator<string> {
  const decoder = new TextDecoder(options.encoding, { fatal: true });
  let first = true;
  let line = 1;
  let lineBytes = 0;
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    if (first) {
      const what = sniff(chunk);
      if (what !== null) throw new ImportFileError(what);
      first = false;
    }
    if (chunk.indexOf(0) >= 0) {
      throw new ImportFileError("The file contains NUL bytes: it is a binary file, not a Torque CSV log.");
    }
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      lineBytes += (nl < 0 ? chunk.length : nl) - from;
      if (lineBytes > options.maxLineBytes) {
        throw new ImportFileError(
          `Line ${line} is longer than ${Math.round(options.maxLineBytes / 1024)} KB: not a Torque CSV log (its lines are a few KB).`,
        );
      }
      if (nl < 0) break;
      line++;
      lineBytes = 0;
      from = nl + 1;
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new EncodingMismatch(`not valid ${options.encoding}`);
    }
    if (text !== "") yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== "") yield rest;
  } catch {
    throw new EncodingMismatch(`not valid ${options.encoding}`);
  }
}

/**
 * The file's rows in order. Empty lines are skipped (but counted for line numbers). Torque
 * writes plain unquoted CSV; quoting as a spreadsheet re-save adds it is understood too.
 */
export async function* readCsvRows(source: AsyncIterable<Uint8Array>, options: CsvReadOptions): AsyncGenerator<CsvRow> {
  const input = Readable.from(guardedText(source, options));
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: ",", newline: "\n", skipEmptyLines: false }) as unknown as Duplex;
  input.once("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let line = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      line++;
      // Line ends are split at "\n" whatever the chunking (papaparse would guess from the first
      // chunk); the "\r" of a CRLF file is dropped here.
      const last = cells.length - 1;
      if (cells[last].endsWith("\r")) cells[last] = cells[last].slice(0, -1);
      if (cells.length === 1 && cells[0].trim() === "") continue;
      yield { line, cells };
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
}
