/**
 * archiver 8 vs zip-stream 7 on the same data, the way lib/export/zip.ts uses them: entries
 * streamed one after the other, each from a lazy source yielding ~1 MB CSV chunks, deflate
 * level 1, the archive read as fast as it comes. Prints wall time, CPU, MB/s of input and
 * peak RSS growth per library (median of alternating runs) and writes bench/results/zip-libs.json.
 *
 *   npx tsx bench/zip-libs.ts [--entries 40] [--entry-mb 5] [--runs 3]
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { ZipArchive } from "archiver";
import ZipStream from "zip-stream";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const ENTRIES = arg("entries", 40);
const ENTRY_MB = arg("entry-mb", 5);
const RUNS = arg("runs", 3);

/** ~1 MB of export-like CSV: two time columns and 49 values a row, smooth signals plus noise. */
function csvChunk(seed: number): Buffer {
  let x = seed * 7919 + 1;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const t = seed * 100000 + i;
    const cells = [
      `Mon Jan 01 07:${String(Math.floor(t / 60) % 60).padStart(2, "0")}:${String(t % 60).padStart(2, "0")} CET 2024`,
      `01-Jan-2024 07:${String(Math.floor(t / 60) % 60).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}.${String(Math.floor(rnd() * 1000)).padStart(3, "0")}`,
      (-121.4 + t * 0.00002).toFixed(8),
      (38.4 + t * 0.00001).toFixed(8),
      (60 + 40 * Math.sin(t / 97) + rnd()).toFixed(5),
      String(3 + (t % 7)),
      String(Math.round(50 + 20 * Math.sin(t / 500))),
      (t * 0.7 % 360).toFixed(1),
      "-", "-", "-",
    ];
    for (let j = 0; j < 40; j++) {
      const kind = j % 4;
      cells.push(kind === 0 ? String(Math.round(1500 + 1000 * Math.sin(t / (30 + j)) + rnd() * 50)) : kind === 1 ? (rnd() * 100).toFixed(2) : kind === 2 ? (rnd() < 0.1 ? "-" : (rnd() * 0.4 - 0.2).toFixed(8)) : String(85 + (Math.floor(t / 400) % 8)));
    }
    const line = cells.join(",") + "\n";
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(""));
}

const CHUNKS = Array.from({ length: 8 }, (_, i) => csvChunk(i + 1));

async function* entryBody(entry: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < ENTRY_MB; i++) yield CHUNKS[(entry + i) % CHUNKS.length];
}
const source = (entry: number) => Readable.from(entryBody(entry), { objectMode: false, highWaterMark: 1 });

interface Result {
  lib: string;
  wallMs: number;
  cpuMs: number;
  inputMB: number;
  outputMB: number;
  mbPerS: number;
  peakRssGrowthMB: number;
}

async function drain(output: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const chunk of output) bytes += chunk.length;
  return bytes;
}

async function viaZipStream(level = 1): Promise<number> {
  const zip = new ZipStream(level === 0 ? { store: true } : { zlib: { level } });
  const done = drain(zip as unknown as AsyncIterable<Buffer>);
  for (let e = 0; e < ENTRIES; e++) {
    await new Promise<void>((resolve, reject) => zip.entry(source(e), { name: `e${e}.csv`, date: new Date(0) }, (error) => (error ? reject(error) : resolve())));
  }
  zip.finalize();
  return done;
}

async function viaArchiver(): Promise<number> {
  const archive = new ZipArchive({ zlib: { level: 1 } });
  const done = drain(archive as unknown as AsyncIterable<Buffer>);
  for (let e = 0; e < ENTRIES; e++) archive.append(source(e), { name: `e${e}.csv`, date: new Date(0) });
  await archive.finalize();
  return done;
}

async function measure(lib: string, run: () => Promise<number>): Promise<Result> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const out = await run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const inputMB = (ENTRIES * ENTRY_MB * CHUNKS[0].length) / 1e6;
  return { lib, wallMs, cpuMs: (used.user + used.system) / 1000, inputMB, outputMB: out / 1e6, mbPerS: inputMB / (wallMs / 1000), peakRssGrowthMB: (peak - base) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const all: Result[] = [];
  await measure("warm-up", () => viaZipStream(1));
  for (let r = 0; r < RUNS; r++) {
    // Alternate, so that a neighbour's load on this shared machine hits both alike.
    all.push(await measure("zip-stream 7", () => viaZipStream(1)));
    all.push(await measure("archiver 8", viaArchiver));
  }
  // For the choice of level (zip-stream only): no compression, and zlib's default.
  for (let r = 0; r < RUNS; r++) {
    all.push(await measure("zip-stream 7, store", () => viaZipStream(0)));
    all.push(await measure("zip-stream 7, level 6", () => viaZipStream(6)));
  }
  const summary = ["zip-stream 7", "archiver 8", "zip-stream 7, store", "zip-stream 7, level 6"].map((lib) => {
    const runs = all.filter((x) => x.lib === lib);
    return {
      lib,
      runs: runs.length,
      inputMB: runs[0].inputMB.toFixed(0),
      outputMB: runs[0].outputMB.toFixed(1),
      wallS: (median(runs.map((x) => x.wallMs)) / 1000).toFixed(2),
      cpuS: (median(runs.map((x) => x.cpuMs)) / 1000).toFixed(2),
      "MB/s": median(runs.map((x) => x.mbPerS)).toFixed(1),
      "peak RSS growth MB": median(runs.map((x) => x.peakRssGrowthMB)).toFixed(1),
    };
  });
  console.log(`${ENTRIES} entries × ${ENTRY_MB} MB of CSV, deflate level 1 unless said, median of ${RUNS} alternating runs (Node ${process.version}):`);
  console.table(summary);
  const file = path.join(import.meta.dirname, "results", "zip-libs.json");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ at: new Date().toISOString(), entries: ENTRIES, entryMB: ENTRY_MB, summary, runs: all }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
