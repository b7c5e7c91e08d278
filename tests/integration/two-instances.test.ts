import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signInCookie } from "../support/auth-cookie";
import { startServer, type TestServer } from "../support/server";
import { makeSample, sampleId, sampleTarget, uploadGet } from "../support/uploads";
import { storedSamples } from "../support/stored-samples";
import { makeToken, makeUser } from "../support/users";

/**
 * Two servers on one database, as behind a load balancer: nothing a request needs may live in
 * one instance's memory only. (Rate limits are per instance by design and not checked here.)
 */
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  const env = { AUTH_SECRET: randomBytes(32).toString("base64url"), UPLOAD_RATE_PER_S: "0" };
  [a, b] = await Promise.all([startServer({ databaseUrl: inject("databaseUrl"), env }), startServer({ databaseUrl: inject("databaseUrl"), env })]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

describe("two instances behind one database", () => {
  it("stores one trip's uploads exactly once whichever instance receives them, concurrently and twice over", async () => {
    const user = await makeUser("two-instances");
    const token = await makeToken(user.id);
    const session = Date.now() - 2 * 3600_000;
    const samples = Array.from({ length: 40 }, (_, n) => makeSample(session, n));
    // Every sample goes to both instances at once: the duplicate must merge, not double.
    const replies = await Promise.all(samples.flatMap((s) => [uploadGet(a.port, sampleTarget(token, s)), uploadGet(b.port, sampleTarget(token, s))]));
    expect(replies.filter((r) => r.body !== "OK!")).toEqual([]);
    const stored = await storedSamples(user.id);
    expect(stored.size).toBe(samples.length);
    for (const s of samples) expect(stored.get(sampleId(s))).toEqual(s.values);
  });

  it("accepts a sign-in made on one instance on the other (shared AUTH_SECRET, no server-side session)", async () => {
    const user = await makeUser("two-instances-web");
    const cookie = await signInCookie(a.url, user.email);
    const page = await fetch(`${b.url}/settings`, { headers: { cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(user.email);
    const anonymous = await fetch(`${b.url}/settings`, { redirect: "manual" });
    expect(anonymous.status).toBe(307);
  });
});
