import { describe, expect, it } from "vitest";
import { EncodingMismatch, ImportFileError, readCsvRows, type CsvReadOptions } from "./csv-rows";

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function rows(bytes: Uint8Array | string, options: Partial<CsvReadOptions> = {}, chunkSize = 7) {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const out: { line: number; cells: string[] }[] = [];
  for await (const row of readCsvRows(chunked(data, chunkSize), { encoding: "utf-8", maxLineBytes: 1024, ...options })) out.push(row);
  return out;
}

describe("readCsvRows", () => {
  it("streams rows with line numbers, across chunk boundaries inside multi-byte characters", async () => {
    const text = "\uFEFFGPS Time,Ambient air temp(°F)\n\nTue,55.4\r\nWed,-\n";
    for (const size of [1, 2, 3, 5, 64]) {
      expect(await rows(text, {}, size)).toEqual([
        { line: 1, cells: ["GPS Time", "Ambient air temp(°F)"] },
        { line: 3, cells: ["Tue", "55.4"] },
        { line: 4, cells: ["Wed", "-"] },
      ]);
    }
  });

  it("understands quoted cells from a spreadsheet re-save", async () => {
    expect(await rows('a,"b,c"\n"x ""y""",2\n')).toEqual([
      { line: 1, cells: ["a", "b,c"] },
      { line: 2, cells: ['x "y"', "2"] },
    ]);
  });

  it.each([
    [[0x1f, 0x8b, 8, 0], /gzip/],
    [[0x50, 0x4b, 3, 4, 20], /zip archive/],
    [[0xff, 0xfe, 0x47, 0], /UTF-16/],
    [[0x47, 0x50, 0x53, 0, 0x20], /NUL bytes/],
  ])("refuses binary content %#", async (bytes, message) => {
    await expect(rows(new Uint8Array(bytes))).rejects.toThrow(message);
    await expect(rows(new Uint8Array(bytes))).rejects.toBeInstanceOf(ImportFileError);
  });

  it("refuses a gigantic line, naming it, without waiting for its end", async () => {
    const text = `a,b\n1,2\n${"x".repeat(5000)}`;
    await expect(rows(text, { maxLineBytes: 4096 })).rejects.toThrow(/Line 3 is longer than 4 KB/);
  });

  it("reports text that is not UTF-8 so the caller can retry as Windows-1252", async () => {
    const latin1 = new Uint8Array([0x41, 0x28, 0xb0, 0x46, 0x29, 0x0a, 0x31, 0x0a]); // "A(°F)" in Latin-1
    await expect(rows(latin1)).rejects.toBeInstanceOf(EncodingMismatch);
    expect(await rows(latin1, { encoding: "windows-1252" })).toEqual([
      { line: 1, cells: ["A(°F)"] },
      { line: 2, cells: ["1"] },
    ]);
  });
});
