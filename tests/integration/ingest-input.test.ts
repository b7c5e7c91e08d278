import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { readAllSamples } from "@/lib/samples/read";
import { startServer, type TestServer } from "../support/server";
import { makeToken, makeUser } from "../support/users";

let server: TestServer;
let userId: number;
let token: string;

const DEVICE = "0123456789abcdef0123456789abcdef";
const SESSION = Date.UTC(2024, 4, 1, 8, 0, 0);

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
  const user = await makeUser("input");
  userId = user.id;
  token = await makeToken(user.id);
});
afterAll(async () => {
  await server?.stop();
});

function query(fields: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
}

const sample = (time: number, extra: Record<string, string | number> = {}) =>
  query({ v: 8, session: SESSION, id: DEVICE, eml: "me@example.com", time, kc: 1200, kd: 50, ...extra });

async function upload(qs: string, init: RequestInit & { path?: string } = {}) {
  const response = await fetch(`${server.url}${init.path ?? `/api/upload/${token}`}?${qs}`, init);
  return { status: response.status, body: await response.text() };
}

async function storedCount(): Promise<number> {
  // Hot rows and packed chunks (the server's compactor may pack a session meanwhile).
  const [hot, packed] = await Promise.all([
    db().sample.count({ where: { session: { userId } } }),
    db().sampleChunk.aggregate({ where: { session: { userId } }, _sum: { n: true } }),
  ]);
  return hot + (packed._sum.n ?? 0);
}

describe("upload authentication", () => {
  it("accepts the token in the path and as a Bearer header, and nothing else", async () => {
    expect(await upload(sample(SESSION + 1000))).toEqual({ status: 200, body: "OK!" });
    expect(await upload(sample(SESSION + 2000), { path: "/api/upload", headers: { authorization: `Bearer ${token}` } })).toEqual({
      status: 200,
      body: "OK!",
    });
    const none = await upload(sample(SESSION + 3000), { path: "/api/upload" });
    expect(none.status).toBe(401);
    expect(none.body).not.toContain("OK!");
    const wrong = await upload(sample(SESSION + 4000), { path: "/api/upload/tls_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    expect(wrong.status).toBe(401);
    expect(await storedCount()).toBe(2);
  });

  it("accepts extra path segments after the token (users customise Torque's URL)", async () => {
    expect(await upload(sample(SESSION + 5000), { path: `/api/upload/${token}/my-car` })).toEqual({ status: 200, body: "OK!" });
  });

  it("accepts a POST with a form body", async () => {
    const response = await fetch(`${server.url}/api/upload/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: sample(SESSION + 6000),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("OK!");
  });

  it("refuses a revoked upload token and an API token", async () => {
    const apiToken = await makeToken(userId, "read_write");
    expect((await upload(sample(SESSION + 7000), { path: `/api/upload/${apiToken}` })).status).toBe(401);
    const doomed = await makeToken(userId);
    expect((await upload(sample(SESSION + 7100), { path: `/api/upload/${doomed}` })).status).toBe(200);
    const { revokeToken } = await import("@/lib/tokens");
    const row = await db().token.findFirstOrThrow({ where: { userId, scope: "upload" }, orderBy: { id: "desc" } });
    await revokeToken(row.id, userId);
    const refused = await upload(sample(SESSION + 7200), { path: `/api/upload/${doomed}` });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatch(/revoked/);
  });
});

describe("bad input gets a clear 4xx and stores nothing", () => {
  const cases: [string, string, RegExp][] = [
    ["missing session", query({ id: DEVICE, time: SESSION, kc: 1 }), /session/],
    ["non-numeric session", query({ session: "abc", id: DEVICE, time: SESSION, kc: 1 }), /session/],
    ["missing time", query({ session: SESSION, id: DEVICE, kc: 1 }), /time/],
    ["non-numeric time", query({ session: SESSION, id: DEVICE, time: "12:00", kc: 1 }), /time/],
    ["a 1970 timestamp", query({ session: 1000, id: DEVICE, time: 2000, kc: 1 }), /2008/],
    ["a timestamp years ahead", query({ session: SESSION, id: DEVICE, time: Date.now() + 400 * 86400_000, kc: 1 }), /future|ahead|after/i],
    ["more than 1,000 keys", sample(SESSION + 10, Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${(0x1000 + i).toString(16)}`, 1]))), /1,?000/],
    ["a value longer than 64 characters", sample(SESSION + 11, { kf: "1".repeat(65) }), /64/],
  ];
  it.each(cases)("%s", async (_, qs, message) => {
    const before = await storedCount();
    const reply = await upload(qs);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(message);
    expect(await storedCount()).toBe(before);
  });

  it("refuses an oversized body with 413", async () => {
    const before = await storedCount();
    const response = await fetch(`${server.url}/api/upload/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: sample(SESSION + 12) + "&notice=" + "x".repeat(70_000),
    });
    expect(response.status).toBe(413);
    expect(await storedCount()).toBe(before);
  });

  it("skips and counts one bad PID value but keeps the rest of the sample, NaN as absent", async () => {
    const time = SESSION + 20_000;
    expect(await upload(sample(time, { k5: "NaN", kf: "Infinity", k2f: "12abc", k4: "7.0680253E-4" }))).toEqual({ status: 200, body: "OK!" });
    const session = await db().session.findFirstOrThrow({ where: { userId } });
    const samples = await readAllSamples(session.id, { fromMs: time, toMs: time });
    const row = Object.fromEntries(samples.keys.map((k, i) => [k, samples.rows[0].values[i]]));
    expect(row).toMatchObject({ c: 1200, d: 50, "4": 7.0680253e-4 });
    expect(row["5"] ?? null).toBeNull();
    expect(row["f"] ?? null).toBeNull();
    const log = await db().uploadLog.findFirstOrThrow({ where: { userId, outcome: "accepted" }, orderBy: { id: "desc" } });
    expect(log.skipped).toBe(3);
  });

  it("lists refusals with their reason in the upload log", async () => {
    await upload(query({ session: "nope", id: DEVICE, time: SESSION }));
    const rejected = await db().uploadLog.findFirstOrThrow({ where: { userId, outcome: "rejected" }, orderBy: { id: "desc" } });
    expect(rejected.status).toBe(400);
    expect(rejected.reason).toMatch(/session/);
  });
});

describe("many phones at once", () => {
  it("keeps two users' devices apart while both add new PIDs concurrently", async () => {
    const [a, b] = [await makeUser("conc-a"), await makeUser("conc-b")];
    const [ta, tb] = [await makeToken(a.id), await makeToken(b.id)];
    const t0 = Date.UTC(2024, 5, 1);
    const send = (tok: string, device: string, i: number) =>
      fetch(`${server.url}/api/upload/${tok}?${query({ session: t0, id: device, time: t0 + i * 1000, [`k${(0x2000 + i).toString(16)}`]: i, kc: i })}`).then((r) => r.text());
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => [send(ta, "aa".repeat(16), i), send(tb, "bb".repeat(16), i), send(ta, "cc".repeat(16), i)]).flat(),
    );
    expect(replies.every((r) => r === "OK!")).toBe(true);
    for (const [user, devices] of [[a, ["aa".repeat(16), "cc".repeat(16)]], [b, ["bb".repeat(16)]]] as const) {
      const sessions = await db().session.findMany({ where: { userId: user.id }, include: { device: true } });
      expect(sessions.map((s) => s.device.torqueId).sort()).toEqual([...devices].sort());
      for (const s of sessions) {
        const data = await readAllSamples(s.id);
        expect(data.rows).toHaveLength(40);
        expect(new Set(data.keys).size).toBe(41);
        // Every sample kept its own new PID next to kc.
        data.rows.forEach((row, i) => {
          expect(row.values[data.keys.indexOf("c")]).toBe(i);
          expect(row.values[data.keys.indexOf((0x2000 + i).toString(16))]).toBe(i);
        });
      }
    }
  });

  it("accepts a 16 KB+ request line", async () => {
    const names = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`userFullName${(0x3000 + i).toString(16)}`, `Sensor number ${i} full name`]));
    const qs = query({ session: SESSION, id: DEVICE, time: SESSION + 50, ...names });
    expect(qs.length).toBeGreaterThan(16_000);
    expect(await upload(qs)).toEqual({ status: 200, body: "OK!" });
  });
});
