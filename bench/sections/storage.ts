import type pg from "pg";
import { createOwner, createTemplate, loadSessions, storageBytes, type BenchOwner } from "../lib/dataset";

/**
 * Section 2: bytes on disk per million 40-value samples after a bulk load of `sessions` ×
 * `samplesPerSession` 1 Hz samples (default 1,000 × 2,000 = 2 million), measured as the growth
 * of the sample tables (+ indexes + TOAST) over what the run had stored before.
 */
export interface LayoutFigures {
  bytes: number;
  mbPerMillion: number;
  bytesPerSample: number;
  byRelation: Record<string, number>;
}

export interface StorageFigures {
  samples: number;
  sessions: number;
  /** The layout this run's server keeps: packed by default, hot rows with SAMPLE_PACKING=0. */
  layout: "hot" | "packed";
  mbPerMillion: number;
  /** One row per sample (what uploads write). */
  hot: LayoutFigures;
  /** The same samples after finish_bulk_load() packed them into chunks. */
  packed: LayoutFigures;
  loadSeconds: number;
  loadSamplesPerSecond: number;
  packSeconds: number;
  packSamplesPerSecond: number;
}

function layoutFigures(before: { byRelation: Record<string, number>; total: number }, after: { byRelation: Record<string, number>; total: number }, samples: number): LayoutFigures {
  const bytes = after.total - before.total;
  return {
    bytes,
    mbPerMillion: bytes / 1024 / 1024 / (samples / 1e6),
    bytesPerSample: bytes / samples,
    byRelation: Object.fromEntries(Object.entries(after.byRelation).map(([k, v]) => [k, v - (before.byRelation[k] ?? 0)])),
  };
}

export async function benchStorage(
  client: pg.Client,
  userId: number,
  options: { sessions: number; samplesPerSession: number; packing: boolean },
  log: (line: string) => void,
): Promise<{ figures: StorageFigures; owner: BenchOwner; templateSizes: { 1: number; 10: number } }> {
  const one = await createTemplate(client, 1);
  const ten = await createTemplate(client, 10);
  const owner = await createOwner(client, userId, one.keys);
  const before = await storageBytes(client);
  log(`storage: loading ${options.sessions} sessions × ${options.samplesPerSession} samples as hot rows …`);
  const started = performance.now();
  const ids = await loadSessions(
    client,
    owner,
    { count: options.sessions, samplesPerSession: options.samplesPerSession, hz: 1, templateSize: one.size, endMs: Date.now(), torqueSessionBase: 1_000_000 },
    log,
    "hot",
  );
  const loadSeconds = (performance.now() - started) / 1000;
  const samples = options.sessions * options.samplesPerSession;
  const hot = layoutFigures(before, await storageBytes(client), samples);
  log("storage: packing them …");
  const packStarted = performance.now();
  for (let i = 0; i < ids.length; i += 25) {
    await client.query("SELECT finish_bulk_load($1::int[])", [ids.slice(i, i + 25)]);
    if ((i / 25) % 8 === 7) log(`  packed ${Math.min(i + 25, ids.length)}/${ids.length} sessions`);
  }
  const packSeconds = (performance.now() - packStarted) / 1000;
  // Free space the hot table keeps after packing is reused by later uploads; it is counted.
  const packed = layoutFigures(before, await storageBytes(client), samples);
  // (These sessions stay packed either way: the later sections that read samples load their
  // own sessions in the server's mode; the list reads only the session table.)
  return {
    figures: {
      samples,
      sessions: options.sessions,
      layout: options.packing ? "packed" : "hot",
      mbPerMillion: options.packing ? packed.mbPerMillion : hot.mbPerMillion,
      hot,
      packed,
      loadSeconds,
      loadSamplesPerSecond: samples / loadSeconds,
      packSeconds,
      packSamplesPerSecond: samples / packSeconds,
    },
    owner,
    templateSizes: { 1: one.size, 10: ten.size },
  };
}
