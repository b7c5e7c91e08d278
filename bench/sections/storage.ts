import type pg from "pg";
import { createOwner, createTemplate, loadSessions, storageBytes, type BenchOwner } from "../lib/dataset";

/**
 * Section 2: bytes on disk per million 40-value samples after a bulk load of `sessions` ×
 * `samplesPerSession` 1 Hz samples (default 1,000 × 2,000 = 2 million), measured as the growth
 * of the sample tables (+ indexes + TOAST) over what the run had stored before.
 */
export interface StorageFigures {
  samples: number;
  sessions: number;
  bytes: number;
  mbPerMillion: number;
  bytesPerSample: number;
  byRelation: Record<string, number>;
  loadSeconds: number;
  loadSamplesPerSecond: number;
}

export async function benchStorage(
  client: pg.Client,
  userId: number,
  options: { sessions: number; samplesPerSession: number },
  log: (line: string) => void,
): Promise<{ figures: StorageFigures; owner: BenchOwner; templateSizes: { 1: number; 10: number } }> {
  const one = await createTemplate(client, 1);
  const ten = await createTemplate(client, 10);
  const owner = await createOwner(client, userId, one.keys);
  const before = await storageBytes(client);
  log(`storage: loading ${options.sessions} sessions × ${options.samplesPerSession} samples …`);
  const started = performance.now();
  await loadSessions(
    client,
    owner,
    { count: options.sessions, samplesPerSession: options.samplesPerSession, hz: 1, templateSize: one.size, endMs: Date.now(), torqueSessionBase: 1_000_000 },
    log,
  );
  const loadSeconds = (performance.now() - started) / 1000;
  const after = await storageBytes(client);
  const samples = options.sessions * options.samplesPerSession;
  const bytes = after.total - before.total;
  const byRelation = Object.fromEntries(Object.entries(after.byRelation).map(([k, v]) => [k, v - (before.byRelation[k] ?? 0)]));
  return {
    figures: {
      samples,
      sessions: options.sessions,
      bytes,
      mbPerMillion: bytes / 1024 / 1024 / (samples / 1e6),
      bytesPerSample: bytes / samples,
      byRelation,
      loadSeconds,
      loadSamplesPerSecond: samples / loadSeconds,
    },
    owner,
    templateSizes: { 1: one.size, 10: ten.size },
  };
}
