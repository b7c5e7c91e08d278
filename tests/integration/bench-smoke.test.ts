import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `npm run bench -- --smoke` end to end: the harness starts the production server on a fresh
 * database, drives phones and bulk loads, and writes its JSON. Only the shape and the
 * correctness checks are asserted (no timing: figures belong in bench/README.md).
 */
const root = path.resolve(import.meta.dirname, "..", "..");
let dir: string;

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function runSmoke(out: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_OUT: out };
  delete env.DATABASE_URL;
  if (process.env.TEST_TARGET === "external" && process.env.TEST_DATABASE_URL) env.BENCH_DATABASE_URL = process.env.TEST_DATABASE_URL;
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "bench/run.ts", "--smoke"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

describe("npm run bench -- --smoke", () => {
  it("runs every section and writes the figures as JSON", { timeout: 600_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tls-bench-smoke-"));
    const out = path.join(dir, "latest.json");
    const { code, output } = await runSmoke(out);
    expect(code, output).toBe(0);
    expect(output).toMatch(/section\s+figure\s+value/);

    const result = JSON.parse(await readFile(out, "utf8"));
    expect(Object.keys(result)).toEqual(expect.arrayContaining(["startedAt", "commit", "cores", "config", "ingest", "memory", "storage", "list", "session", "export"]));
    expect(result.config.smoke).toBe(true);

    // Ingest: both runs produced figures, and every `OK!` to a data request is a stored sample.
    for (const run of [result.ingest.ping, result.ingest.ingest]) {
      expect(Object.keys(run)).toEqual(expect.arrayContaining(["perSecond", "p50Ms", "p99Ms", "requests", "completed"]));
      expect(run.completed).toBeGreaterThan(0);
    }
    expect(result.ingest.countCheck.okDataReplies).toBeGreaterThan(0);
    expect(result.ingest.countCheck.samplesStored).toBe(result.ingest.countCheck.okDataReplies);
    expect(result.ingest.countCheck.sessionSampleCount).toBe(result.ingest.countCheck.samplesStored);
    expect(result.ingest.countCheck.failedRequests).toBe(0);

    expect(result.storage.samples).toBe(result.config.storage.sessions * result.config.storage.samplesPerSession);
    expect(result.storage.mbPerMillion).toBeGreaterThan(0);
    expect(result.storage.hot.mbPerMillion).toBeGreaterThan(0);
    expect(result.storage.packed.mbPerMillion).toBeGreaterThan(0);
    expect(Object.keys(result.memory)).toEqual(expect.arrayContaining(["idle", "underIngest", "postgresSettings"]));

    // Later sections either measured or said why not.
    for (const section of ["list", "session", "export"]) {
      const value = result[section];
      expect(typeof value.skipped === "string" || Object.keys(value).length > 1, section).toBe(true);
    }
  });
});
