/**
 * Session view speed (issue #6): server time of the page's data requests and chart payload size.
 *
 *   npx tsx --conditions=react-server bench/session.ts        (fresh embedded PostgreSQL)
 *   DATABASE_URL=postgres://… npx tsx --conditions=react-server bench/session.ts
 *   … bench/session.ts --hot      (keep the samples as hot rows; default: packed into chunks,
 *                                  as the server's compactor leaves a quiet session)
 *
 * Loads a 1 h 1 Hz 40-PID session (3,600 samples) and a 4 h 10 Hz 40-PID session (144,000
 * samples) through appendSamples, then times chartData (the chart endpoint's work, with its
 * rounding) and trackData, warm, and writes bench/results/session.json.
 * Targets: ≤ 200 ms (1 h) and ≤ 300 ms (4 h) per request, chart payload ≤ 150 KB.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { TORQUE_PID_NAMES } from "@/lib/tracklog/pid-names";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";

const RUNS = 15;
const PACKED = !process.argv.includes("--hot");
const CHART_POINTS = 1200;
const CHART_PIDS = ["d", "c", "5", "4", "11", "ff1001"];

interface Figure {
  case: string;
  medianMs: number;
  p95Ms: number;
  payloadBytes: number;
  points: number;
  raw: boolean;
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], p95Ms: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] };
}

async function main(): Promise<void> {
  let database: TestDatabase | null = null;
  if (!process.env.DATABASE_URL) {
    database = await createTestDatabase();
    process.env.DATABASE_URL = database.url;
  }
  process.env.LOG_SILENT = "1";
  const { db } = await import("@/lib/db/client");
  const { appendSamples } = await import("@/lib/samples/write");
  const { chartData } = await import("@/lib/sessions/chart-data");
  const { trackData } = await import("@/lib/sessions/track-data");
  const { createUser } = await import("@/lib/users");

  try {
    const user = await createUser({ email: `bench-${Date.now()}@example.com`, password: "bench password 123" });
    const device = await db().device.create({ data: { userId: user.id, torqueId: "be".repeat(16) } });
    // 40 real Torque PIDs, GPS and speed among them.
    const keys = ["ff1006", "ff1005", ...CHART_PIDS, ...TORQUE_PID_NAMES.map((p) => p.key).filter((k) => !CHART_PIDS.includes(k) && !k.startsWith("ff100"))].slice(0, 40);

    async function load(label: string, hours: number, hz: number) {
      const t0 = Date.UTC(2025, 5, 1, 6);
      const session = await db().session.create({
        data: { userId: user.id, deviceId: device.id, torqueSession: BigInt(t0 + hz), startedAt: new Date(t0), name: label },
      });
      const total = hours * 3600 * hz;
      const started = performance.now();
      for (let start = 0; start < total; start += 5000) {
        const rows = Array.from({ length: Math.min(5000, total - start) }, (_, j) => {
          const i = start + j;
          const s = i / hz;
          return {
            time: t0 + Math.round((i * 1000) / hz),
            values: keys.map((_, k) =>
              k === 0 ? 38.4 + s * 0.00001 : k === 1 ? -121.4 + Math.sin(s / 600) * 0.05 : 50 + 40 * Math.sin(s / (60 + k * 7)) + (k % 3 === 0 ? Math.random() : 0),
            ),
          };
        });
        await appendSamples(session.id, keys, rows);
      }
      console.log(`${label}: loaded ${total} samples x ${keys.length} PIDs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (PACKED) {
        const packing = performance.now();
        await db().$queryRaw`SELECT compact_session_samples(${session.id}::int)`;
        console.log(`${label}: packed in ${((performance.now() - packing) / 1000).toFixed(1)} s`);
      }
      return { id: session.id, t0, t1: t0 + hours * 3_600_000 };
    }

    const oneHour = await load("1 h at 1 Hz", 1, 1);
    const fourHours = await load("4 h at 10 Hz", 4, 10);
    // What autovacuum does within a minute of a bulk load (visibility map for index-only scans,
    // statistics for the planner); timing the minute before it would measure the load instead.
    await db().$executeRawUnsafe("VACUUM ANALYZE samples");
    await db().$executeRawUnsafe("VACUUM ANALYZE sample_chunks");
    console.log(`layout: ${PACKED ? "packed chunks" : "hot rows"}`);
    console.log(`load average before timing: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);

    const figures: Figure[] = [];
    async function time(label: string, fn: () => Promise<{ t: number[]; raw?: boolean }>) {
      await fn(); // warm: plan cache, connections
      const times: number[] = [];
      let last: { t: number[]; raw?: boolean } = { t: [] };
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        last = await fn();
        times.push(performance.now() - started);
      }
      const figure = { case: label, ...stats(times), payloadBytes: Buffer.byteLength(JSON.stringify(last)), points: last.t.length, raw: last.raw ?? false };
      figures.push(figure);
      console.log(`${label.padEnd(52)} median ${figure.medianMs.toFixed(1).padStart(6)} ms  p95 ${figure.p95Ms.toFixed(1).padStart(6)} ms  ${(figure.payloadBytes / 1024).toFixed(1).padStart(6)} KB  ${figure.points} points`);
    }

    for (const [label, s] of [["1 h 1 Hz", oneHour], ["4 h 10 Hz", fourHours]] as const) {
      const chart = (pids: string[], fromMs?: number, toMs?: number) => () =>
        chartData(user.id, s.id, { pids, fromMs, toMs, points: CHART_POINTS, significantDigits: 7 });
      await time(`${label}: chart, whole session, ${CHART_PIDS.length} PIDs`, chart(CHART_PIDS));
      await time(`${label}: chart, whole session, 2 PIDs`, chart(["d", "c"]));
      await time(`${label}: chart, zoomed to 10 min, ${CHART_PIDS.length} PIDs`, chart(CHART_PIDS, s.t0 + 1_200_000, s.t0 + 1_800_000));
      await time(`${label}: track, 2000 points`, () => trackData(user.id, s.id, { points: 2000, compact: true }));
    }

    // Not a page request: the one-off summary when a session goes idle (holds the session's row lock).
    const { refreshSessionSummary } = await import("@/lib/sessions/summary");
    for (const [label, s] of [["1 h 1 Hz", oneHour], ["4 h 10 Hz", fourHours]] as const) {
      const started = performance.now();
      await refreshSessionSummary(s.id);
      const ms = performance.now() - started;
      console.log(`${label}: refreshSessionSummary (idle summary, 40 PIDs with percentiles) ${ms.toFixed(0)} ms`);
      figures.push({ case: `${label}: refreshSessionSummary (once, when idle)`, medianMs: ms, p95Ms: ms, payloadBytes: 0, points: 0, raw: false });
    }

    const out = path.join(import.meta.dirname, "results", "session.json");
    await mkdir(path.dirname(out), { recursive: true });
    const machine = { cpus: os.cpus().length, loadAverage: os.loadavg() };
    await writeFile(out, JSON.stringify({ at: new Date().toISOString(), machine, layout: PACKED ? "packed" : "hot", runs: RUNS, chartPoints: CHART_POINTS, figures }, null, 2) + "\n");
    console.log(`written ${path.relative(process.cwd(), out)}`);
  } finally {
    await db().$disconnect();
    await database?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
