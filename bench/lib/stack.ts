import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildIsStale, runNextBuild } from "../../scripts/lib/build-check";
import { SERVER_BUNDLE } from "../../scripts/lib/server-bundle";
import { startServer, type TestServer } from "../../tests/support/server";
import { externalDatabase, freePort } from "../../tests/support/test-database";

/**
 * The system under test: the production server (dist/server.mjs, a production build) on a
 * fresh database — its own embedded PostgreSQL in a temp DATA_DIR, or a new database on the
 * server at BENCH_DATABASE_URL — and how the machine's cores are split between it and the load
 * generator.
 */
export const root = path.resolve(import.meta.dirname, "..", "..");

export interface CorePlan {
  /** Prefix for the server (and, by inheritance, its embedded PostgreSQL). */
  server: string[];
  /** Prefix for the load generator process. */
  generator: string[];
  description: string;
}

/**
 * BENCH_CPUS="0:1" (default on a machine with ≥ 2 cores and taskset): server + its PostgreSQL
 * on core 0, load generator on core 1, so the generator never steals the server's CPU and the
 * server's figures are "one core's worth". BENCH_CPUS=none: no pinning (the OS shares cores).
 */
export function corePlan(): CorePlan {
  const spec = process.env.BENCH_CPUS ?? "0:1";
  const taskset = spawnSync("sh", ["-c", "command -v taskset"], { encoding: "utf8" }).stdout.trim();
  if (spec === "none" || !taskset || os.cpus().length < 2) {
    const why = spec === "none" ? "BENCH_CPUS=none" : !taskset ? "taskset not found" : "fewer than 2 cores";
    return { server: [], generator: [], description: `not pinned (${why}): server, PostgreSQL and load generator share all ${os.cpus().length} cores` };
  }
  const [serverCpus, generatorCpus] = spec.split(":");
  return {
    server: [taskset, "-c", serverCpus],
    generator: [taskset, "-c", generatorCpus],
    description: `taskset: server + its PostgreSQL on CPU ${serverCpus}, load generator on CPU ${generatorCpus} (of ${os.cpus().length})`,
  };
}

/** Builds the production bundle when sources changed, unpinned (a build wants every core). */
export async function ensureBuild(log: (line: string) => void): Promise<void> {
  if (!(await buildIsStale(root))) return;
  log("Production build is stale: running next build …");
  runNextBuild(root);
}

export interface Stack {
  server: TestServer;
  databaseUrl: string;
  /** "embedded PostgreSQL 18 …" or "external …". */
  databaseLabel: string;
  /** null when the database is external (not ours to measure). */
  postmasterPid: number | null;
  stop(): Promise<void>;
}

export async function startStack(plan: CorePlan, extraEnv: Record<string, string> = {}): Promise<Stack> {
  // The benchmark measures what the stack can do: the per-token upload rate limit (all simulated
  // phones share one token) would measure the limiter instead.
  const env = { UPLOAD_RATE_PER_S: "0", ...extraEnv };
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const database = await externalDatabase(external);
    const server = await startServer({ databaseUrl: database.url, launcher: plan.server, env });
    return {
      server,
      databaseUrl: database.url,
      databaseLabel: database.label,
      postmasterPid: null,
      stop: async () => {
        await server.stop();
        await database.stop();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tls-bench-"));
  const pgPort = await freePort();
  const server = await startServer({ dataDir, launcher: plan.server, env: { ...env, EMBEDDED_PG_PORT: String(pgPort) } });
  const password = readFileSync(path.join(dataDir, "pg-password"), "utf8").trim();
  const postmasterPid = Number(readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  return {
    server,
    databaseUrl: `postgresql://torque:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/torque`,
    databaseLabel: `embedded PostgreSQL in ${dataDir}`,
    postmasterPid,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- processes and memory (Linux /proc) ----

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Field 4 (ppid) comes after the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

function descendants(pid: number): number[] {
  const direct = children(pid);
  return [...direct, ...direct.flatMap(descendants)];
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** The node process that runs the server (the launcher, e.g. taskset, execs it or starts it as a child). */
export function serverNodePid(launcherPid: number): number {
  const candidates = [launcherPid, ...descendants(launcherPid)].filter((p) => /node/.test(cmdline(p)) && cmdline(p).includes(SERVER_BUNDLE));
  return candidates[candidates.length - 1] ?? launcherPid;
}

/** CPU seconds used so far (user + system) by a process; with `reaped`, also by its ended children. */
function cpuSeconds(pid: number, reaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14), in clock ticks.
    const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of the server process and of the whole embedded PostgreSQL (null when external). */
export function cpuUsage(serverPid: number, postmasterPid: number | null): { server: number; postgres: number | null } {
  const server = cpuSeconds(serverPid);
  if (postmasterPid === null) return { server, postgres: null };
  const postgres = cpuSeconds(postmasterPid, true) + descendants(postmasterPid).reduce((sum, p) => sum + cpuSeconds(p), 0);
  return { server, postgres };
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Proportional set size: shared memory (PostgreSQL's shared_buffers) split between its users. */
function pssKb(pid: number): number {
  try {
    const match = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
    return match ? Number(match[1]) : statusKb(pid, "VmRSS");
  } catch {
    return 0;
  }
}

export interface MemorySample {
  serverRssMb: number;
  /** Sum of PSS over the postmaster and all its backends; null for an external database. */
  postgresPssMb: number | null;
  postgresProcesses: number;
}

export function sampleMemory(serverPid: number, postmasterPid: number | null): MemorySample {
  const serverRssMb = statusKb(serverPid, "VmRSS") / 1024;
  if (postmasterPid === null || !existsSync(`/proc/${postmasterPid}`)) return { serverRssMb, postgresPssMb: null, postgresProcesses: 0 };
  const pids = [postmasterPid, ...descendants(postmasterPid)];
  const postgresPssMb = pids.reduce((sum, p) => sum + pssKb(p), 0) / 1024;
  return { serverRssMb, postgresPssMb, postgresProcesses: pids.length };
}

/** Samples memory every `everyMs` until stopped; returns the peaks. */
export function memoryWatcher(serverPid: number, postmasterPid: number | null, everyMs = 250) {
  let peak: MemorySample = sampleMemory(serverPid, postmasterPid);
  let peakTotal = peak.serverRssMb + (peak.postgresPssMb ?? 0);
  let peakServer = peak.serverRssMb;
  const timer = setInterval(() => {
    const now = sampleMemory(serverPid, postmasterPid);
    peakServer = Math.max(peakServer, now.serverRssMb);
    const total = now.serverRssMb + (now.postgresPssMb ?? 0);
    if (total > peakTotal) {
      peakTotal = total;
      peak = now;
    }
  }, everyMs);
  return {
    stop(): { atPeakTotal: MemorySample; peakTotalMb: number; peakServerRssMb: number } {
      clearInterval(timer);
      return { atPeakTotal: peak, peakTotalMb: peakTotal, peakServerRssMb: peakServer };
    },
  };
}
