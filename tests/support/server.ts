import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureServerBundle, SERVER_ARGS, SERVER_ENV } from "../../scripts/lib/server-bundle";
import { freePort } from "./test-database";

/**
 * Starts the real production server (dist/server.mjs, bundled from scripts/start.ts when a source
 * changed: custom HTTP server + Next) on a free port against the given database, the way
 * `npm start` runs it. Needs a production build (`npm test` makes one first).
 */
export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const root = path.resolve(import.meta.dirname, "..", "..");

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface StartOptions {
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  /** A command the server runs under, e.g. ["taskset", "-c", "0"] (the benchmark pins cores). */
  launcher?: string[];
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "tls-srv-")));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    LOG_SILENT: "1",
    // Tests replay uploads at machine speed, which no phone does: the per-token upload limit
    // would refuse them. Tests of the limit set it (tests/integration/limits.test.ts).
    UPLOAD_RATE_PER_S: "0",
    ...SERVER_ENV,
    ...options.env,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  // The node process itself (no npm or tsx CLI in between): a signal sent to the child we hold
  // (SIGKILL above all) reaches the server. `launcher` (e.g. taskset) goes in front.
  await ensureServerBundle(root);
  const [command, ...args] = [...(options.launcher ?? []), process.execPath, ...SERVER_ARGS];
  const child = spawn(command, args, {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitFor(async () => (await fetch(`${url}/api/ping`)).ok, 120_000, "the server to answer /api/ping"),
      exited.then((code) => {
        throw new Error(`Server exited with ${code} before it was ready:\n${output}`);
      }),
    ]);
  } catch (error) {
    child.kill("SIGKILL");
    // A server that never came up (a test of a refused configuration) leaves no temp dir behind.
    if (!options.dataDir) await exited.then(() => rm(dataDir, { recursive: true, force: true })).catch(() => undefined);
    throw error;
  }
  return {
    url,
    port,
    dataDir,
    process: child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
      return code;
    },
  };
}
