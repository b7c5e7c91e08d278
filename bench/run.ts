/**
 * `npm run bench` — starts the production server on a fresh database and measures what the
 * performance issue (#10) asks for; prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                     full run (several minutes: loads 6 million samples)
 *   npm run bench -- --smoke          a few seconds, small data (CI: tests/integration/bench-smoke.test.ts)
 *   npm run bench -- --only=ingest,storage
 *
 * Environment: BENCH_PHONES (64), BENCH_SECONDS (20), BENCH_WARMUP (2), BENCH_STORAGE_SESSIONS
 * (1000 × 2,000 samples), BENCH_CPUS ("0:1" or
 * "none", see bench/lib/stack.ts), BENCH_DATABASE_URL (use a new database on that server instead
 * of an embedded PostgreSQL), BENCH_OUT (JSON path). See bench/README.md for the figures so far.
 */
import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { dropTemplates } from "./lib/dataset";
import { fmt, formatTable, type Row } from "./lib/report";
import { corePlan, ensureBuild, root, startStack } from "./lib/stack";
import { benchIngest } from "./sections/ingest";
import { benchStorage } from "./sections/storage";
import { benchLaterSections } from "./sections/later";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const wanted = (section: string) => !only || only.includes(section);
const num = (name: string, full: number, small: number) => Number(process.env[name] ?? (smoke ? small : full));
const cpu = (c: { server: number; postgres: number | null }) => `${c.server.toFixed(2)} + ${c.postgres === null ? "n/a" : c.postgres.toFixed(2)} ms`;
const log = (line: string) => console.log(`[bench] ${line}`);

const config = {
  smoke,
  phones: num("BENCH_PHONES", 64, 4),
  seconds: num("BENCH_SECONDS", 20, 2),
  warmupSeconds: num("BENCH_WARMUP", 2, 0.5),
  // A smoke run on a busy machine may not get past the metadata burst in 2 s: insist on a few samples.
  minSamplesPerPhone: smoke ? 3 : 0,
  storage: { sessions: num("BENCH_STORAGE_SESSIONS", 1000, 10), samplesPerSession: smoke ? 500 : 2000 },
  // The server packs quiet sessions unless SAMPLE_PACKING=0; the data sets follow suit.
  packing: process.env.SAMPLE_PACKING !== "0",
  list: smoke ? { sessions: 50, samples: 20_000 } : { sessions: 10_000, samples: 6_000_000 },
};

async function main(): Promise<void> {
  const started = new Date();
  const plan = corePlan();
  await ensureBuild(log);
  log(`cores: ${plan.description}`);
  // The list and session sections go through the open API: its per-token rate limit (20/s by
  // default) would answer them 429, so the bench lifts it (it measures speed, not the limit).
  const stack = await startStack(plan, {
    LOG_LEVEL: "warn",
    SAMPLE_PACKING: config.packing ? "1" : "0",
    API_RATE_PER_SECOND: "100000",
    API_RATE_BURST: "1000000",
  });
  // Ctrl-C stops the server (and its database) instead of leaving them behind.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
  log(`server on port ${stack.server.port}, ${stack.databaseLabel}`);
  process.env.DATABASE_URL = stack.databaseUrl;
  const { createUser } = await import("@/lib/users");
  const { createToken } = await import("@/lib/tokens");
  const { db, pool } = await import("@/lib/db/client");
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();

  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  try {
    const phoneUser = await createUser({ email: "phones@bench.example", password: "bench password 1234" });
    const token = (await createToken(phoneUser.id, "upload", "bench")).token;

    if (wanted("ingest")) {
      const { ingest, memory } = await benchIngest(stack, plan, { ...config, token, userId: phoneUser.id }, log);
      results.ingest = ingest;
      results.memory = memory;
      const c = ingest.countCheck;
      rows.push(
        { section: "ingest", figure: `ping: ${ingest.phones} phones, req/s`, value: fmt.n(ingest.ping.perSecond) },
        { section: "ingest", figure: "ping p50 / p99", value: `${fmt.ms(ingest.ping.p50Ms)} / ${fmt.ms(ingest.ping.p99Ms)}` },
        { section: "ingest", figure: `upload: ${ingest.phones} phones, uploads/s`, value: fmt.n(ingest.ingest.perSecond), target: "> 823 (reference)", met: ingest.ingest.perSecond > 823 },
        { section: "ingest", figure: "upload p50 / p99", value: `${fmt.ms(ingest.ingest.p50Ms)} / ${fmt.ms(ingest.ingest.p99Ms)}`, target: "p99 ≤ 50 ms", met: ingest.ingest.p99Ms <= 50 },
        { section: "ingest", figure: "CPU per request: server + PostgreSQL", value: `ping ${cpu(ingest.cpuMsPerRequest.ping)}, upload ${cpu(ingest.cpuMsPerRequest.ingest)}` },
        { section: "ingest", figure: "ratio uploads ÷ ping", value: ingest.ratio.toFixed(2), target: "≥ 0.80", met: ingest.ratio >= 0.8 },
        { section: "ingest", figure: "samples stored / OK! replies", value: `${fmt.n(c.samplesStored)} / ${fmt.n(c.okDataReplies)} (${c.failedRequests} failed requests)`, target: "equal, 0 failed", met: c.lost === 0 && c.failedRequests === 0 && c.sessionSampleCount === c.samplesStored },
        { section: "memory", figure: "idle: server RSS + PostgreSQL PSS", value: `${fmt.n(memory.idle.serverRssMb)} + ${memory.idle.postgresPssMb === null ? "n/a" : fmt.n(memory.idle.postgresPssMb)} = ${fmt.n(memory.idle.totalMb)} MB` },
        { section: "memory", figure: "under ingest (peak total)", value: `${fmt.n(memory.underIngest.serverRssMb)} + ${memory.underIngest.postgresPssMb === null ? "n/a" : fmt.n(memory.underIngest.postgresPssMb)} = ${fmt.n(memory.underIngest.totalMb)} MB (${memory.underIngest.postgresProcesses} PG processes)`, target: "≤ 1024 MB", met: memory.underIngest.totalMb <= 1024 },
      );
    }

    let storageOwner = null;
    if (wanted("storage") || wanted("list") || wanted("session") || wanted("export")) {
      const dataUser = await createUser({ email: "archive@bench.example", password: "bench password 1234" });
      const storage = await benchStorage(client, dataUser.id, { ...config.storage, packing: config.packing }, log);
      storageOwner = { ...storage, user: dataUser };
      results.storage = storage.figures;
      const s = storage.figures;
      rows.push(
        // The target applies to the layout this run's server keeps (packed unless SAMPLE_PACKING=0).
        { section: "storage", figure: `MB/million, packed${s.layout === "packed" ? " (default, on)" : ""} (${fmt.n(s.samples)} samples)`, value: `${s.packed.mbPerMillion.toFixed(1)} (${s.packed.bytesPerSample.toFixed(0)} B/sample)`, ...(s.layout === "packed" ? { target: "≤ 355 (stretch ≤ 100)", met: s.packed.mbPerMillion <= 355 } : {}) },
        { section: "storage", figure: `MB/million, hot rows${s.layout === "hot" ? " (SAMPLE_PACKING=0, on)" : " (SAMPLE_PACKING=0)"}`, value: `${s.hot.mbPerMillion.toFixed(1)} (${s.hot.bytesPerSample.toFixed(0)} B/sample)`, ...(s.layout === "hot" ? { target: "≤ 355 (stretch ≤ 100)", met: s.hot.mbPerMillion <= 355 } : {}) },
        { section: "storage", figure: "bulk load / packing", value: `${fmt.n(s.loadSamplesPerSecond)} / ${fmt.n(s.packSamplesPerSecond)} samples/s` },
      );
    }

    if (storageOwner && (wanted("list") || wanted("session") || wanted("export"))) {
      const later = await benchLaterSections({ client, stack, owner: storageOwner.owner, user: storageOwner.user, templateSizes: storageOwner.templateSizes, config, wanted, log });
      Object.assign(results, later.results);
      rows.push(...later.rows);
    }
    await dropTemplates(client);
  } finally {
    await client.end();
    await db().$disconnect();
    await pool().end();
    await stack.stop();
  }

  const commit = (() => {
    try {
      return execSync("git rev-parse --short HEAD", { cwd: root, encoding: "utf8" }).trim() + (execSync("git status --porcelain", { cwd: root, encoding: "utf8" }).trim() ? "+dirty" : "");
    } catch {
      return "unknown";
    }
  })();
  const out = process.env.BENCH_OUT ?? path.join(root, "bench/results/latest.json");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      { startedAt: started.toISOString(), seconds: (Date.now() - started.getTime()) / 1000, commit, machine: { cpus: os.cpus().length, loadAverage: os.loadavg(), memoryMb: Math.round(os.totalmem() / 1048576) }, cores: plan.description, config, ...results },
      null,
      2,
    ) + "\n",
  );
  console.log("\n" + formatTable(rows));
  console.log(`\n(load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; JSON: ${path.relative(process.cwd(), out)})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
