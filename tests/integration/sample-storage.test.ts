import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, pool } from "@/lib/db/client";
import { countStoredSamples, readAllSamples } from "@/lib/samples/read";
import { appendSamples, compactIdleSessions, compactSession } from "@/lib/samples/write";
import { refreshSessionSummary } from "@/lib/sessions/summary";
import { startServer, type TestServer } from "../support/server";
import { fixtureTargets, rawGet, sendAll } from "../support/torque-fixture";
import { makeToken, makeUser } from "../support/users";

/**
 * Hot rows are packed into compressed chunks when a session goes quiet. Nothing a user can see
 * may change: the same samples, values exact to the digit the phone sent, retries still
 * duplicates, late samples still merged, the same summary.
 */
let server: TestServer;
let token: string;
let sessionId: number;

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
  const user = await makeUser("storage");
  token = await makeToken(user.id);
  const replies = await sendAll(server.port, fixtureTargets(`/api/upload/${token}`), 4);
  expect(replies.every((r) => r.body === "OK!")).toBe(true);
  sessionId = (await db().session.findFirstOrThrow({ where: { userId: user.id } })).id;
});
afterAll(async () => {
  await server?.stop();
});

const chunkCount = async () => db().sampleChunk.count({ where: { sessionId } });
const hotCount = async () => db().sample.count({ where: { sessionId } });

async function summaryOf() {
  await refreshSessionSummary(sessionId);
  const s = await db().session.findUniqueOrThrow({ where: { id: sessionId } });
  return { n: s.sampleCount, end: s.endedAt, distance: s.distanceKm, max: s.maxSpeedKmh, avg: s.avgSpeedKmh, fuel: s.fuelUsedL, gps: s.hasGps };
}

describe("packing a quiet session's samples into chunks", () => {
  let before: Awaited<ReturnType<typeof readAllSamples>>;
  let summaryBefore: Awaited<ReturnType<typeof summaryOf>>;

  beforeAll(async () => {
    before = await readAllSamples(sessionId);
    summaryBefore = await summaryOf();
    // Packed as a quiet session is, in steps of 100 hot rows (the server packs long trips in steps
    // of 30,000): the result must be the same. Called for this session directly: once it looked
    // quiet, any test server sharing this database could pack it first, in one step.
    expect(await compactSession(sessionId, true, 10 * 60_000, 100)).toBe(before.rows.length);
  });

  it("moves every sample out of the hot table, and reads back exactly what was stored", async () => {
    expect(await hotCount()).toBe(0);
    expect(await chunkCount()).toBeGreaterThanOrEqual(6);
    const chunks = await db().sampleChunk.findMany({ where: { sessionId }, orderBy: { firstTime: "asc" }, select: { firstTime: true, lastTime: true } });
    chunks.slice(1).forEach((c, i) => expect(c.firstTime.getTime()).toBeGreaterThan(chunks[i].lastTime.getTime()));
    expect(await countStoredSamples(sessionId)).toBe(before.rows.length);
    const after = await readAllSamples(sessionId);
    expect(after).toEqual(before);
    // GPS keeps every digit the phone sent (float8), other PIDs theirs (float4 text is exact).
    const lon = after.keys.indexOf("ff1005");
    expect(after.rows.some((r) => r.values[lon] === -121.45954907)).toBe(true);
    expect(after.rows.some((r) => r.values[after.keys.indexOf("4")] === 60.39216)).toBe(true);
  });

  it("reads time windows across chunk boundaries like before", async () => {
    const from = before.rows[100].time;
    const to = before.rows[300].time;
    const window = await readAllSamples(sessionId, { fromMs: from, toMs: to });
    expect(window.rows).toEqual(before.rows.slice(100, 301));
  });

  it("keeps the summary", async () => {
    expect(await summaryOf()).toEqual(summaryBefore);
  });

  it("still answers a retry of a packed sample as a duplicate and changes nothing", async () => {
    const target = fixtureTargets(`/api/upload/${token}`).find((t) => /[?&]kff1005=/.test(t.toString("latin1")))!;
    const reply = await rawGet(server.port, target);
    expect(reply.body).toBe("OK!");
    const last = await db().uploadLog.findFirstOrThrow({ where: { sessionId }, orderBy: { id: "desc" } });
    expect(last.outcome).toBe("duplicate");
    expect(await readAllSamples(sessionId)).toEqual(before);
    expect((await db().session.findUniqueOrThrow({ where: { id: sessionId } })).sampleCount).toBe(before.rows.length);
  });

  it("merges a late value into a packed sample, and adds a late new sample in order", async () => {
    const t = before.rows[200].time;
    const newTime = t + 1; // between two packed samples
    await appendSamples(sessionId, ["ff1262"], [
      { time: t, values: [7.5] },
      { time: newTime, values: [8.25] },
    ]);
    const after = await readAllSamples(sessionId);
    const col = after.keys.indexOf("ff1262");
    expect(after.rows).toHaveLength(before.rows.length + 1);
    expect(after.rows[200].values[col]).toBe(7.5);
    expect(after.rows[200].values.slice(0, before.keys.length)).toEqual(before.rows[200].values);
    expect(after.rows[201]).toEqual({ time: newTime, values: after.keys.map((k) => (k === "ff1262" ? 8.25 : null)) });
    expect(await countStoredSamples(sessionId)).toBe(before.rows.length + 1);
    // Packing again (the retry above made the session "uploading" again: make it quiet) gives
    // back the same rows.
    await db().session.update({ where: { id: sessionId }, data: { lastUploadAt: new Date(Date.now() - 3600_000) } });
    await compactIdleSessions(10 * 60_000);
    expect(await hotCount()).toBe(0);
    expect(await readAllSamples(sessionId)).toEqual(after);
  });

  it("packs only whole 600-sample chunks of a session that is still uploading", async () => {
    const user = await makeUser("live");
    const live = await db().session.create({
      data: { userId: user.id, deviceId: (await db().device.create({ data: { userId: user.id, torqueId: "f".repeat(32) } })).id, torqueSession: 1n, startedAt: new Date(Date.UTC(2020, 0, 1)) },
    });
    const rows = Array.from({ length: 1300 }, (_, i) => ({ time: Date.UTC(2020, 0, 1) + i * 100, values: [i, i / 3] }));
    await appendSamples(live.id, ["c", "ff1005"], rows);
    await pool().query("SELECT compact_session_samples($1, 'infinity', true)", [live.id]);
    expect(await db().sampleChunk.count({ where: { sessionId: live.id } })).toBe(2);
    expect(await db().sample.count({ where: { sessionId: live.id } })).toBe(100);
    const read = await readAllSamples(live.id);
    expect(read.rows.map((r) => r.time)).toEqual(rows.map((r) => r.time));
    expect(read.rows[1299].values).toEqual([1299, 1299 / 3]);
  });

  it("the minute's pass packs a trip still uploading only where whole chunks are older than the cutoff", async () => {
    const user = await makeUser("minute");
    const device = await db().device.create({ data: { userId: user.id, torqueId: "e".repeat(32) } });
    const now = Date.now();
    const trip = async (torqueSession: bigint, firstTime: number) => {
      const s = await db().session.create({ data: { userId: user.id, deviceId: device.id, torqueSession, startedAt: new Date(firstTime) } });
      await appendSamples(s.id, ["c"], Array.from({ length: 700 }, (_, i) => ({ time: firstTime + i * 50, values: [i] })));
      await db().session.update({ where: { id: s.id }, data: { lastUploadAt: new Date() } });
      return s.id;
    };
    // A phone uploading its backlog of an old trip, and one uploading what it logs now.
    const backlog = await trip(11n, Date.UTC(2020, 0, 1));
    const recent = await trip(12n, now - 60_000);
    await compactIdleSessions(10 * 60_000);
    expect(await db().sampleChunk.count({ where: { sessionId: backlog } })).toBe(1);
    expect(await db().sample.count({ where: { sessionId: backlog } })).toBe(100);
    expect(await db().sampleChunk.count({ where: { sessionId: recent } })).toBe(0);
    expect(await db().sample.count({ where: { sessionId: recent } })).toBe(700);
    expect((await readAllSamples(backlog)).rows.map((r) => r.values[0])).toEqual(Array.from({ length: 700 }, (_, i) => i));
  });
});
