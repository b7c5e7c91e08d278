import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { revokeToken } from "@/lib/tokens";
import { startServer, type TestServer } from "../support/server";
import { rawGet } from "../support/torque-fixture";
import { makeToken, makeUser } from "../support/users";

/**
 * The production server answers /api/upload itself (lib/ingest/node-upload.ts) instead of going
 * through Next's router; UPLOAD_VIA_NEXT=1 sends it through the Next route. A phone, or a person
 * with curl, must not be able to tell them apart: same statuses, bodies, stored data, logs.
 */
let direct: TestServer;
let viaNext: TestServer;

beforeAll(async () => {
  const databaseUrl = inject("databaseUrl");
  [direct, viaNext] = await Promise.all([startServer({ databaseUrl }), startServer({ databaseUrl, env: { UPLOAD_VIA_NEXT: "1" } })]);
});
afterAll(async () => {
  await Promise.all([direct?.stop(), viaNext?.stop()]);
});

const DEVICE = "0123456789abcdef0123456789abcdef";
const sample = (token: string, time: number, extra = "") =>
  Buffer.from(`/api/upload/${token}?eml=x%40example.com&v=8&session=1700000000000&id=${DEVICE}&time=${time}&kc=812.5&kd=42&kff1005=-121.45954907${extra}`, "latin1");

async function both(target: (server: TestServer) => Buffer) {
  const a = await rawGet(direct.port, target(direct));
  const b = await rawGet(viaNext.port, target(viaNext));
  return { direct: a, viaNext: b };
}

describe("/api/upload answered by the custom server and by the Next route", () => {
  it("stores a sample and answers OK! with Next's security headers either way", async () => {
    const user = await makeUser("entry");
    const token = await makeToken(user.id);
    const replies = await both((s) => sample(token, s === direct ? 1700000001000 : 1700000002000));
    for (const reply of [replies.direct, replies.viaNext]) {
      expect(reply.status).toBe(200);
      expect(reply.body).toBe("OK!");
      expect(reply.headers).toMatch(/x-content-type-options: nosniff/i);
      expect(reply.headers).toMatch(/content-security-policy: default-src 'none'/i);
      expect(reply.headers).toMatch(/content-type: text\/plain/i);
    }
    const session = await db().session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.sampleCount).toBe(2);
    const tokenRow = await db().token.findFirstOrThrow({ where: { userId: user.id } });
    expect(tokenRow.lastUsedAt).not.toBeNull();
  });

  it("refuses bad tokens, other scopes and revoked tokens with the same 401", async () => {
    const user = await makeUser("refused");
    const readToken = await makeToken(user.id, "read");
    const revoked = await makeToken(user.id);
    const revokedRow = await db().token.findFirstOrThrow({ where: { userId: user.id, scope: "upload" } });
    await revokeToken(revokedRow.id);
    for (const token of ["tls_" + "x".repeat(32), "not-a-token", readToken, revoked]) {
      const replies = await both(() => sample(token, 1700000003000));
      expect(replies.direct.status, token).toBe(401);
      expect(replies.direct.body).toBe(replies.viaNext.body);
      expect(replies.direct.body).toMatch(/^Error: Unknown or revoked upload token/);
    }
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers an unparseable upload with 400 and logs it for the token's owner", async () => {
    const user = await makeUser("bad-request");
    const token = await makeToken(user.id);
    const replies = await both(() => Buffer.from(`/api/upload/${token}?eml=x%40example.com&v=8&id=${DEVICE}&time=1700000004000&kc=1`, "latin1"));
    expect(replies.direct.status).toBe(400);
    expect(replies.direct.body).toBe(replies.viaNext.body);
    const logged = await db().uploadLog.findMany({ where: { userId: user.id } });
    expect(logged.map((l) => [l.outcome, l.status])).toEqual([
      ["rejected", 400],
      ["rejected", 400],
    ]);
  });

  it("answers a device outside the allow-list with the same 403", async () => {
    const user = await makeUser("restricted");
    await db().user.update({ where: { id: user.id }, data: { restrictDevices: true } });
    const token = await makeToken(user.id);
    const replies = await both(() => sample(token, 1700000005000));
    expect(replies.direct.status).toBe(403);
    expect(replies.direct.body).toBe(replies.viaNext.body);
    expect(await db().sample.count({ where: { session: { userId: user.id } } })).toBe(0);
  });
});
