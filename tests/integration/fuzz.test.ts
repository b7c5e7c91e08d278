import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { readAllSamples } from "@/lib/samples/read";
import { signInCookie } from "../support/auth-cookie";
import { discoverRoutes, fuzzRequest, TIME_PLACEHOLDER, type FuzzContext, type FuzzRequest } from "../support/fuzz-requests";
import { startServer, type TestServer } from "../support/server";
import { rawRequest, type RawReply } from "../support/uploads";
import { storedSamples } from "../support/stored-samples";
import { makeToken, makeUser } from "../support/users";

/**
 * Hostile and malformed input on every route, through the real server: generated upload
 * requests (valid samples wrapped in noise, garbage, broken framing) and API/page calls.
 *
 *   npx vitest run --project integration tests/integration/fuzz.test.ts            (600 requests, CI)
 *   FUZZ_RUNS=10000 npx vitest run --project integration tests/integration/fuzz.test.ts   (full run)
 *   FUZZ_SEED=<seed> … replays a failing run (the seed is printed).
 *
 * Properties: no reply is a 5xx (the database is up, so not even 503); the process stays up;
 * every valid upload is answered OK! and its sample is stored exactly once, exactly as sent,
 * and nothing else is stored for that user; nothing stored anywhere is malformed.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const BATCH = 8; // requests in flight at once
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;
const NOW = Date.now();

let server: TestServer;
let ctx: FuzzContext;
const userIds: number[] = [];
let exactUserId: number;
const expected = new Map<string, Record<string, number>>();
const nextTime = new Map<number, number>();
const statuses = new Map<string, number>();
let sent = 0;

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl"), env: { UPLOAD_RATE_PER_S: "0" } });
  const [exact, garbage, api] = await Promise.all([makeUser("fuzz-exact"), makeUser("fuzz-garbage"), makeUser("fuzz-api")]);
  userIds.push(exact.id, garbage.id, api.id);
  exactUserId = exact.id;
  const start = NOW - 10 * 24 * 3600_000;
  ctx = {
    exactToken: await makeToken(exact.id),
    garbageToken: await makeToken(garbage.id),
    apiToken: await makeToken(api.id, "read_write"),
    cookie: await signInCookie(server.url, api.email),
    sessions: Array.from({ length: 6 }, (_, i) => start + i * 86_400_000),
  };
});

afterAll(async () => {
  await server?.stop();
});

function withTime(request: FuzzRequest, time: number): FuzzRequest {
  const put = (b: Buffer) => Buffer.from(b.toString("latin1").replace(TIME_PLACEHOLDER, String(time)), "latin1");
  return { ...request, head: put(request.head), body: put(request.body) };
}

function describeRequest(r: FuzzRequest): string {
  const head = r.head.toString("latin1");
  return `${r.kind}: ${head.length > 600 ? head.slice(0, 600) + "…" : head}${r.body.length ? ` (+${r.body.length} body bytes)` : ""}`;
}

async function send(request: FuzzRequest): Promise<void> {
  let toSend = request;
  let key: string | null = null;
  if (request.expected) {
    const { session } = request.expected;
    const n = nextTime.get(session) ?? 0;
    nextTime.set(session, n + 1);
    const time = session + 1000 + n;
    key = `${session}/${time}`;
    toSend = withTime(request, time);
  }
  sent++;
  let reply: RawReply;
  try {
    reply = await rawRequest(server.port, toSend.head, toSend.body, 60_000);
  } catch (error) {
    if (request.mayReset && /ECONNRESET|EPIPE/.test(String(error))) {
      statuses.set(`${request.kind} → reset`, (statuses.get(`${request.kind} → reset`) ?? 0) + 1);
      return;
    }
    throw new Error(`No reply (${String(error)}) to ${describeRequest(toSend)}`);
  }
  const label = `${request.kind} → ${reply.status}`;
  statuses.set(label, (statuses.get(label) ?? 0) + 1);
  if (!(reply.status >= 100 && reply.status < 500)) {
    throw new Error(`${reply.status} for ${describeRequest(toSend)}\n${reply.body.slice(0, 500)}`);
  }
  if (key && request.expected) {
    if (reply.status !== 200 || reply.body !== "OK!") {
      throw new Error(`Valid upload answered ${reply.status} ${reply.body.slice(0, 300)}: ${describeRequest(toSend)}`);
    }
    expected.set(key, request.expected.values);
  }
}

describe("hostile and malformed input", () => {
  it(`answers ${RUNS} generated requests without a 5xx and stores every valid sample exactly once`, async () => {
    const routes = discoverRoutes(path.resolve("app"));
    const started = performance.now();
    const run = await fc.check(
      fc.asyncProperty(fc.array(fuzzRequest(ctx, routes), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map(send));
      }),
      { numRuns: Math.ceil(RUNS / BATCH), seed: SEED, endOnFailure: true },
    );
    // Our own message: fast-check's would print every request of the batch as byte arrays.
    if (run.failed) {
      const errors = server.output().split("\n").filter((l) => l.includes('"level":"error"')).slice(-3).join("\n");
      throw new Error(`Fuzz run failed (FUZZ_SEED=${run.seed}, path ${run.counterexamplePath}): ${String(run.errorInstance)}\nServer errors:\n${errors}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const table = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k}: ${n}`).join("\n");
    console.log(`[fuzz] seed ${SEED}: ${sent} requests over ${routes.length} routes in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s)\n${table}`);
    expect(sent).toBeGreaterThanOrEqual(RUNS);

    const ping = await fetch(`${server.url}/api/ping`);
    expect(ping.status).toBe(200);
    expect(server.process.exitCode).toBeNull();
  }, Math.max(120_000, RUNS * 150)); // the full run takes minutes: up to 150 ms per request

  it("stored exactly the acknowledged valid samples, each once", async () => {
    expect(expected.size).toBeGreaterThan(0);
    const stored = await storedSamples(exactUserId);
    expect([...stored.keys()].filter((k) => !expected.has(k)), "stored but never acknowledged").toEqual([]);
    expect([...expected.keys()].filter((k) => !stored.has(k)), "acknowledged but not stored").toEqual([]);
    for (const [key, values] of expected) expect(stored.get(key), key).toEqual(values);
    // The ingest's own counter agrees: no sample was counted twice.
    const sessions = await db().session.findMany({ where: { userId: exactUserId }, select: { torqueSession: true, sampleCount: true } });
    for (const s of sessions) {
      expect(s.sampleCount).toBe([...expected.keys()].filter((k) => k.startsWith(`${s.torqueSession}/`)).length);
    }
  });

  it("stored nothing malformed for any user", async () => {
    const sessions = await db().session.findMany({ where: { userId: { in: userIds } }, include: { device: true } });
    const earliest = Date.UTC(2008, 0, 1);
    const latest = Date.now() + 2 * 86_400_000;
    for (const s of sessions) {
      expect(s.startedAt.getTime()).toBeGreaterThanOrEqual(earliest);
      expect(s.startedAt.getTime()).toBeLessThanOrEqual(latest);
      expect(s.device.torqueId).toMatch(/^[0-9a-f]{1,64}$/);
      for (const key of s.pidKeys) expect(key).toMatch(/^(0|[1-9a-f][0-9a-f]{0,15})$/);
      const { rows } = await readAllSamples(s.id);
      for (const row of rows) {
        expect(row.time).toBeGreaterThanOrEqual(s.startedAt.getTime() - 7 * 86_400_000);
        expect(row.time).toBeLessThanOrEqual(latest);
        for (const v of row.values) if (v !== null) expect(Number.isFinite(v), `value ${v} in session ${s.id}`).toBe(true);
      }
    }
    const texts = await db().pidMeta.findMany({ where: { device: { userId: { in: userIds } } } });
    for (const m of texts) {
      expect(m.key).toMatch(/^(0|[1-9a-f][0-9a-f]{0,15})$/);
      for (const t of [m.fullName, m.shortName, m.defaultUnit, m.userUnit]) if (t !== null) expect([...t].length).toBeLessThanOrEqual(255);
    }
    const notices = await db().notice.findMany({ where: { session: { userId: { in: userIds } } } });
    for (const n of notices) expect([...n.text].length).toBeLessThanOrEqual(255);
    const devices = await db().device.findMany({ where: { userId: { in: userIds } } });
    for (const d of devices) if (d.email !== null) expect([...d.email].length).toBeLessThanOrEqual(254);
  });
});
