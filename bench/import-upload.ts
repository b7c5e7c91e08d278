/**
 * Measures POST /api/v1/imports on the real production server with a large trackLog.csv:
 * wall time and the server's peak RSS above its idle RSS. The file is the fixture trip
 * repeated with Device Time shifted by the trip's length each time (one long trip).
 *
 *   npx tsx --conditions=react-server bench/import-upload.ts [megabytes=95] [server heap limit MB]
 *
 * A heap limit (e.g. 256) makes the server collect garbage as on a 1 GiB box; without one,
 * V8 on a big machine lets RSS grow lazily and the peak says little.
 *
 * Needs a production build (startServer makes one if sources changed) and a free CPU:
 * figures from a shared 2-core box vary by tens of percent.
 */
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { startServer } from "../tests/support/server";
import { createTestDatabase } from "../tests/support/test-database";

const targetMb = Number(process.argv[2] ?? 95);
const heapMb = process.argv[3];
const FIXTURE = path.resolve(import.meta.dirname, "..", "tests/fixtures/torque/surfrock66-trip-2016-03-29.torque-export.csv");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

async function writeBigCsv(file: string): Promise<{ bytes: number; rows: number }> {
  const [header, ...lines] = readFileSync(FIXTURE, "utf8").trimEnd().split("\n");
  const out = createWriteStream(file);
  let bytes = 0;
  let rows = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, "drain");
  };
  await write(`${header}\n`);
  const span = 45 * 60_000;
  for (let rep = 0; bytes < targetMb * 1024 * 1024; rep++) {
    for (const line of lines) {
      const comma = line.indexOf(",");
      const second = line.indexOf(",", comma + 1);
      const m = /^(\d+)-(\w+)-(\d+) (\d+):(\d+):(\d+)\.(\d+)$/.exec(line.slice(comma + 1, second));
      if (!m) continue;
      const t = new Date(Date.UTC(+m[3], MONTHS.indexOf(m[2]), +m[1], +m[4], +m[5], +m[6], +m[7]) + rep * span);
      const p = (n: number, w = 2) => String(n).padStart(w, "0");
      const device = `${p(t.getUTCDate())}-${MONTHS[t.getUTCMonth()]}-${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}.${p(t.getUTCMilliseconds(), 3)}`;
      await write(`-,${device}${line.slice(second)}\n`);
      rows++;
    }
  }
  out.end();
  await once(out, "finish");
  return { bytes, rows };
}

async function rssKb(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
}

async function serverPid(parent: number): Promise<number> {
  // startServer spawns tsx, which runs the server in a child node process.
  const children = (await readFile(`/proc/${parent}/task/${parent}/children`, "utf8")).trim().split(/\s+/).map(Number);
  return children.find((c) => c > 0) ?? parent;
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-import-"));
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const { createUser } = await import("@/lib/users");
  const { createToken } = await import("@/lib/tokens");
  const user = await createUser({ email: `bench-${Date.now()}@example.com`, password: "correct horse battery staple" });
  const token = (await createToken(user.id, "read_write", "bench")).token;
  const file = path.join(dir, "trackLog.csv");
  const { bytes, rows } = await writeBigCsv(file);
  const server = await startServer({ databaseUrl: database.url, env: { IMPORT_MAX_BYTES: String(200 * 1024 * 1024), ...(heapMb ? { NODE_OPTIONS: `--max-old-space-size=${heapMb}` } : {}) } });
  try {
    const pid = await serverPid(server.process.pid ?? 0);
    const idle = await rssKb(pid, "VmRSS");
    let peak = idle;
    const timer = setInterval(() => void rssKb(pid, "VmRSS").then((kb) => (peak = Math.max(peak, kb))).catch(() => undefined), 25);
    const started = performance.now();
    const curl = spawn("curl", ["-sS", "-H", `Authorization: Bearer ${token}`, "-F", "timeZone=America/Los_Angeles", "-F", `file=@${file};type=text/csv`, `${server.url}/api/v1/imports`]);
    let body = "";
    curl.stdout.on("data", (d: Buffer) => (body += d.toString()));
    await once(curl, "exit");
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    const report = JSON.parse(body) as { files: { sessions: { samplesInserted: number }[]; error?: string }[] };
    console.log(
      JSON.stringify({
        fileMB: +(bytes / 1024 / 1024).toFixed(1),
        serverHeapLimitMB: heapMb ? Number(heapMb) : null,
        rows,
        seconds: +seconds.toFixed(1),
        mbPerSecond: +(bytes / 1024 / 1024 / seconds).toFixed(1),
        serverIdleRssMB: Math.round(idle / 1024),
        serverPeakRssMB: Math.round(peak / 1024),
        samplesInserted: report.files[0]?.sessions[0]?.samplesInserted,
        error: report.files[0]?.error,
      }),
    );
  } finally {
    await server.stop();
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
