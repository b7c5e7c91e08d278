/**
 * The bulk download at scale, through the real production server: N sessions × M samples ×
 * 40 PIDs are bulk-loaded (INSERT … SELECT inside PostgreSQL, not HTTP), then all of them are
 * exported in one zip (POST /api/sessions/export). Measures MB/s of CSV (uncompressed bytes
 * of the CSVs in the zip ÷ wall time), time to first byte, and the server's peak RSS, read
 * from /proc/<pid>/status (VmRSS every 100 ms while streaming; VmHWM at the end).
 * Targets (issue #5): ≥ 20 MB/s, first byte ≤ 1 s, RSS ≤ 300 MB.
 *
 *   npx tsx --conditions=react-server bench/export.ts [--sessions 1000] [--samples 3600]
 *     [--database-url postgres://…]   reuse a database (data already loaded is reused)
 *     [--node-options "--max-old-space-size=128"]   NODE_OPTIONS for the server process
 *     [--hot]   keep the samples as hot rows (SAMPLE_PACKING=0's layout); default: packed into chunks, like a default install
 *
 * Without --database-url a fresh embedded PostgreSQL is created and removed afterwards.
 * Results: printed, and written to bench/results/export.json.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { startServer } from "../tests/support/server";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";

const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const SESSIONS = Number(arg("sessions") ?? 1000);
const SAMPLES = Number(arg("samples") ?? 3600);
const PACKED = !process.argv.includes("--hot");
const EMAIL = `bench-export-${SESSIONS}x${SAMPLES}${PACKED ? "-packed" : ""}@example.com`;
const say = (line: string) => console.log(`[bench:export] ${line}`);

function procStatus(pid: number): { rssMB: number; hwmMB: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    return { rssMB: kb("VmRSS") / 1024, hwmMB: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/** The process that serves: the deepest node descendant of what startServer spawned (the server itself, unless a launcher runs in front). */
function serverProcess(wrapper: number): number {
  let pid = wrapper;
  for (let depth = 0; depth < 3; depth++) {
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      break;
    }
    const node = children.find((c) => /node/.test(readFileSync(`/proc/${c}/cmdline`, "utf8")));
    if (node === undefined) break;
    pid = node;
  }
  return pid;
}

/** CPU seconds (user + system) used so far by these processes; ones that are gone count 0. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the ")" of the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / 100; // USER_HZ
}

/**
 * CPU seconds used by a changing set of processes (PostgreSQL backends come and go) since
 * `start()`: each process' ticks as last seen, minus what it had used at start (0 when it
 * started later). A process that exits between two looks loses only its last < 100 ms.
 */
function cpuTracker(list: () => number[]) {
  const seen = new Map<number, { first: number; last: number }>();
  const look = (isStart: boolean) => {
    for (const pid of list()) {
      const now = cpuSeconds([pid]);
      const entry = seen.get(pid);
      if (entry) entry.last = Math.max(entry.last, now);
      else seen.set(pid, { first: isStart ? now : 0, last: now });
    }
  };
  look(true);
  return {
    look: () => look(false),
    seconds: () => [...seen.values()].reduce((sum, e) => sum + e.last - e.first, 0),
  };
}

/** Every live descendant of a process. */
function descendants(root: number): number[] {
  const out: number[] = [];
  const walk = (pid: number) => {
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return;
    }
    for (const c of children) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** The PostgreSQL processes serving this database (its postmaster and backends), by port. */
function postgresProcesses(port: string): number[] {
  const all = allPids();
  const postmaster = all.find((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      return cmd[0].endsWith("/postgres") && cmd.includes(port);
    } catch {
      return false;
    }
  });
  return postmaster === undefined ? [] : [postmaster, ...descendants(postmaster)];
}

function allPids(): number[] {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
}

/** Uncompressed size of every entry, from the zip's central directory (in the archive's tail). */
function centralDirectory(tail: Buffer): { name: string; size: number }[] {
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const zip64 = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]), eocd);
  let count = tail.readUInt16LE(eocd + 10);
  let start = eocd - tail.readUInt32LE(eocd + 12);
  if (zip64 >= 0) {
    count = Number(tail.readBigUInt64LE(zip64 + 32));
    start = zip64 - Number(tail.readBigUInt64LE(zip64 + 40));
  }
  const out: { name: string; size: number }[] = [];
  for (let i = 0, at = start; i < count; i++) {
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    let size = tail.readUInt32LE(at + 24);
    // ZIP64: the real size is the first field of the extra block (header 0x0001).
    if (size === 0xffffffff) size = Number(tail.readBigUInt64LE(at + 46 + nameLength + 4));
    out.push({ name: tail.subarray(at + 46, at + 46 + nameLength).toString("utf8"), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

async function main() {
  let database: TestDatabase | null = null;
  let url = arg("database-url");
  if (!url) {
    say("Creating a fresh embedded PostgreSQL …");
    database = await createTestDatabase();
    url = database.url;
  }
  process.env.DATABASE_URL = url;
  process.env.LOG_SILENT = "1";
  const { db } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/users");
  const { createToken } = await import("@/lib/tokens");
  const { bulkSessions } = await import("../tests/support/bulk-samples");

  try {
    const user = (await db().user.findUnique({ where: { email: EMAIL } })) ?? (await createUser({ email: EMAIL, password: "bench password 123" }));
    let ids = (await db().session.findMany({ where: { userId: user.id }, select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
    if (ids.length < SESSIONS) {
      const device = (await db().device.findFirst({ where: { userId: user.id } })) ?? (await db().device.create({ data: { userId: user.id, torqueId: "be".repeat(16), nickname: "bench" } }));
      const loadStart = performance.now();
      for (let done = ids.length; done < SESSIONS; ) {
        const n = Math.min(50, SESSIONS - done);
        await bulkSessions(user.id, device.id, { sessions: n, samplesPerSession: SAMPLES, startMs: Date.UTC(2020, 0, 1, 6) + done * 7_200_000, profileName: "Bench Van", pack: PACKED });
        done += n;
        say(`loaded ${done}/${SESSIONS} sessions (${((done * SAMPLES) / ((performance.now() - loadStart) / 1000)).toFixed(0)} samples/s)`);
      }
      await db().$executeRawUnsafe("ANALYZE samples");
      ids = (await db().session.findMany({ where: { userId: user.id }, select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
    }
    ids = ids.slice(0, SESSIONS);
    const { token } = await createToken(user.id, "read", "bench");
    await db().$disconnect();

    say("Starting the production server (builds first if sources changed) …");
    const nodeOptions = arg("node-options");
    const server = await startServer({ databaseUrl: url, env: { LOG_SILENT: "1", ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) } });
    const pid = serverProcess(server.process.pid as number);
    try {
      // One small export first, so that the measured one finds the route compiled and warm.
      await (await fetch(`${server.url}/api/sessions/export?ids=${ids[0]}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
      const pgCpu = cpuTracker(() => postgresProcesses(new URL(url).port));
      const serverPids = [pid, ...descendants(pid)];
      const cpuBefore = { server: cpuSeconds(serverPids) };
      const before = procStatus(pid);
      let peakRss = before?.rssMB ?? 0;
      const sampler = setInterval(() => {
        const s = procStatus(pid);
        if (s) peakRss = Math.max(peakRss, s.rssMB);
        pgCpu.look();
      }, 100);

      say(`Exporting ${ids.length} sessions …`);
      const start = performance.now();
      const response = await fetch(`${server.url}/api/sessions/export`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ sessionIds: ids, tz: "Europe/Berlin" }),
      });
      if (!response.ok || !response.body) throw new Error(`export answered ${response.status}: ${await response.text()}`);
      let firstByteMs = 0;
      let zipBytes = 0;
      // The last few MB only (the central directory is ~100 bytes per file).
      const recent: Uint8Array[] = [];
      let recentBytes = 0;
      const TAIL = 4 * 1024 * 1024;
      let lastReport = start;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (zipBytes === 0) firstByteMs = performance.now() - start;
        zipBytes += chunk.byteLength;
        recent.push(chunk);
        recentBytes += chunk.byteLength;
        while (recentBytes - recent[0].byteLength > TAIL) recentBytes -= (recent.shift() as Uint8Array).byteLength;
        if (performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          say(`… ${(zipBytes / 1e6).toFixed(0)} MB of zip after ${((lastReport - start) / 1000).toFixed(0)} s, server RSS ${procStatus(pid)?.rssMB.toFixed(0)} MB`);
        }
      }
      const seconds = (performance.now() - start) / 1000;
      clearInterval(sampler);
      pgCpu.look();
      const cpu = { server: cpuSeconds(serverPids) - cpuBefore.server, postgres: pgCpu.seconds() };
      const after = procStatus(pid);
      const entries = centralDirectory(Buffer.concat(recent));
      const csvBytes = entries.filter((e) => e.name !== "index.csv").reduce((sum, e) => sum + e.size, 0);
      if (entries.length !== ids.length + 1) throw new Error(`the zip has ${entries.length} entries, expected ${ids.length + 1}`);

      const result = {
        at: new Date().toISOString(),
        sessions: ids.length,
        samplesPerSession: SAMPLES,
        pids: 40,
        storage: PACKED ? "packed chunks" : "hot rows",
        csvMB: +(csvBytes / 1e6).toFixed(1),
        zipMB: +(zipBytes / 1e6).toFixed(1),
        seconds: +seconds.toFixed(1),
        csvMBperS: +(csvBytes / 1e6 / seconds).toFixed(1),
        firstByteMs: Math.round(firstByteMs),
        serverCpuS: +cpu.server.toFixed(1),
        postgresCpuS: +cpu.postgres.toFixed(1),
        serverRssBeforeMB: Math.round(before?.rssMB ?? 0),
        serverRssPeakMB: Math.round(peakRss),
        serverVmHWMMB: Math.round(after?.hwmMB ?? 0),
        serverNodeOptions: nodeOptions ?? "",
        loadAverage: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
      };
      console.table([
        { figure: "CSV exported", value: `${result.csvMB} MB in ${result.sessions} files (zip ${result.zipMB} MB), samples as ${result.storage}` },
        { figure: "wall time", value: `${result.seconds} s` },
        { figure: "throughput", value: `${result.csvMBperS} MB/s of CSV (target ≥ 20)` },
        { figure: "time to first byte", value: `${result.firstByteMs} ms (target ≤ 1000)` },
        {
          figure: "server RSS",
          value: `${result.serverRssBeforeMB} MB before, ${result.serverRssPeakMB} MB peak while streaming, VmHWM ${result.serverVmHWMMB} MB (target ≤ 300)${nodeOptions ? `, NODE_OPTIONS=${nodeOptions}` : ""}`,
        },
        {
          figure: "CPU used",
          value: `server ${result.serverCpuS} s, PostgreSQL ${result.postgresCpuS} s = ${((cpu.server + cpu.postgres) / (csvBytes / 1e6) * 1000).toFixed(1)} ms per MB of CSV`,
        },
        { figure: "load average (1/5/15 min)", value: result.loadAverage },
      ]);
      const file = path.join(import.meta.dirname, "results", "export.json");
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(result, null, 2));
    } finally {
      await server.stop();
    }
  } finally {
    await database?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
