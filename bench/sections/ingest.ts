import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import type { GeneratorInput, GeneratorResult } from "../lib/load-generator";
import { cpuUsage, memoryWatcher, root, sampleMemory, serverNodePid, type CorePlan, type MemorySample, type Stack } from "../lib/stack";

/**
 * Section 1 (ingest) and 6 (memory): the same phones against GET /api/ping, then against
 * /api/upload with real Torque streams; then the count check (samples stored == `OK!` replies
 * to data requests) and server/PostgreSQL memory idle and under load.
 */
export interface IngestFigures {
  phones: number;
  seconds: number;
  cores: string;
  ping: Omit<GeneratorResult, "total"> & { completed: number };
  ingest: Omit<GeneratorResult, "total"> & { completed: number };
  ratio: number;
  /** CPU milliseconds per request over the whole run (warm-up included): server process, PostgreSQL. */
  cpuMsPerRequest: { ping: { server: number; postgres: number | null }; ingest: { server: number; postgres: number | null } };
  countCheck: { okDataReplies: number; samplesStored: number; sessionSampleCount: number; lost: number; failedRequests: number; errors: string[] };
}

export interface MemoryFigures {
  idle: MemorySample & { totalMb: number };
  underIngest: MemorySample & { totalMb: number; peakServerRssMb: number };
  postgresSettings: Record<string, string>;
}

function runGenerator(plan: CorePlan, input: GeneratorInput): Promise<GeneratorResult> {
  const script = path.join(root, "bench/lib/load-generator.ts");
  const [command, ...args] = [...plan.generator, process.execPath, path.join(root, "node_modules/tsx/dist/cli.mjs"), script, JSON.stringify(input)];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as GeneratorResult);
      } catch (error) {
        reject(new Error(`load generator printed no result: ${out.slice(0, 500)}`, { cause: error }));
      }
    });
  });
}

/** The figures of a run, plus how many requests completed in all (warm-up included). */
const strip = ({ total, ...rest }: GeneratorResult) => ({ ...rest, completed: total.requests });

export async function benchIngest(
  stack: Stack,
  plan: CorePlan,
  options: { phones: number; seconds: number; warmupSeconds: number; token: string; userId: number; minSamplesPerPhone: number },
  log: (line: string) => void,
): Promise<{ ingest: IngestFigures; memory: MemoryFigures }> {
  const serverPid = serverNodePid(stack.server.process.pid ?? 0);
  const base = { port: stack.server.port, phones: options.phones, seconds: options.seconds, warmupSeconds: options.warmupSeconds, token: options.token };

  log(`ping: ${options.phones} phones × ${options.seconds} s (+${options.warmupSeconds} s warm-up) …`);
  const perRequest = (before: ReturnType<typeof cpuUsage>, run: GeneratorResult) => {
    const after = cpuUsage(serverPid, stack.postmasterPid);
    const n = Math.max(1, run.total.requests);
    return { server: ((after.server - before.server) * 1000) / n, postgres: after.postgres === null || before.postgres === null ? null : ((after.postgres - before.postgres) * 1000) / n };
  };
  const cpuBeforePing = cpuUsage(serverPid, stack.postmasterPid);
  const ping = await runGenerator(plan, { ...base, mode: "ping", salt: 1 });
  const pingCpu = perRequest(cpuBeforePing, ping);
  await new Promise((r) => setTimeout(r, 1000));
  const idle = sampleMemory(serverPid, stack.postmasterPid);

  log(`ingest: ${options.phones} phones × ${options.seconds} s (+${options.warmupSeconds} s warm-up) …`);
  const watcher = memoryWatcher(serverPid, stack.postmasterPid);
  const cpuBeforeIngest = cpuUsage(serverPid, stack.postmasterPid);
  const ingest = await runGenerator(plan, { ...base, mode: "ingest", salt: 2, minSamplesPerPhone: options.minSamplesPerPhone });
  const ingestCpu = perRequest(cpuBeforeIngest, ingest);
  const memory = watcher.stop();

  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    // Through the storage layout's own counting function, so the check survives layout changes.
    const stored = await client.query<{ stored: string; counted: string }>(
      `SELECT COALESCE(sum(stored_sample_count(s.id)), 0) AS stored, COALESCE(sum(s.sample_count), 0) AS counted
       FROM sessions s WHERE s.user_id = $1`,
      [options.userId],
    );
    const settings = await client.query<{ name: string; setting: string; unit: string | null; source: string }>(
      `SELECT name, setting, unit, source FROM pg_settings
       WHERE source NOT IN ('default', 'override', 'client') OR name IN ('shared_buffers', 'work_mem', 'max_connections', 'synchronous_commit', 'wal_compression', 'default_toast_compression', 'server_version')`,
    );
    const samplesStored = Number(stored.rows[0].stored);
    const postgresSettings = Object.fromEntries(
      settings.rows
        .filter((r) => !["application_name", "client_encoding", "DateStyle", "TimeZone", "lc_messages", "lc_monetary", "lc_numeric", "lc_time", "default_text_search_config", "log_timezone", "timezone"].includes(r.name))
        .map((r) => [r.name, `${r.setting}${r.unit ? ` ${r.unit}` : ""} (${r.source})`]),
    );
    return {
      ingest: {
        phones: options.phones,
        seconds: options.seconds,
        cores: plan.description,
        ping: strip(ping),
        ingest: strip(ingest),
        ratio: ping.perSecond > 0 ? ingest.perSecond / ping.perSecond : 0,
        cpuMsPerRequest: { ping: pingCpu, ingest: ingestCpu },
        countCheck: {
          okDataReplies: ingest.total.dataOk,
          samplesStored,
          sessionSampleCount: Number(stored.rows[0].counted),
          lost: ingest.total.dataOk - samplesStored,
          failedRequests: ingest.total.failed + ping.total.failed,
          errors: [...ping.total.errors, ...ingest.total.errors],
        },
      },
      memory: {
        idle: { ...idle, totalMb: idle.serverRssMb + (idle.postgresPssMb ?? 0) },
        underIngest: { ...memory.atPeakTotal, totalMb: memory.peakTotalMb, peakServerRssMb: memory.peakServerRssMb },
        postgresSettings,
      },
    };
  } finally {
    await client.end();
  }
}
