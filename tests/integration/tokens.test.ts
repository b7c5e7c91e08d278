import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { handleUploadRequest } from "@/lib/ingest/upload-request";
import { authenticateToken, createToken, listTokens, MAX_ACTIVE_TOKENS, revokeToken } from "@/lib/tokens";
import { hashToken } from "@/lib/auth/secrets";
import { torqueQuery } from "../support/uploads";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => null }));
const { requireActor } = await import("@/lib/auth/actor");

function upload(token: string, query = torqueQuery()) {
  return handleUploadRequest(new Request(`http://server.test/api/upload/${token}?${query}`), token);
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("token lifecycle", () => {
  it("is random (192 bits), shown once and stored only as its sha256", async () => {
    const user = await makeUser("tok-store");
    const created = await Promise.all([1, 2, 3].map(() => createToken(user.id, "upload", "phone")));
    for (const { token, id } of created) {
      expect(token).toMatch(/^tls_[A-Za-z0-9_-]{32}$/);
      const row = await db().token.findUniqueOrThrow({ where: { id } });
      expect(row.hash).toBe(hashToken(token));
      expect(row.prefix).toBe(token.slice(0, 8));
      expect(JSON.stringify(row)).not.toContain(token);
    }
    expect(new Set(created.map((c) => c.token)).size).toBe(3);
  });

  it("uploads, records when it was last used, and is refused once revoked", async () => {
    const user = await makeUser("tok-life");
    const { id, token } = await createToken(user.id, "upload", "Pixel");
    expect((await listTokens(user.id))[0].lastUsedAt).toBeNull();
    const result = await upload(token);
    expect(result.outcome).toBe("accepted");
    const session = await db().session.findUniqueOrThrow({ where: { id: result.sessionId as number } });
    expect(session.userId).toBe(user.id);
    const used = (await listTokens(user.id)).find((t) => t.id === id);
    expect(used?.lastUsedAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);

    await revokeToken(id, user.id);
    expect((await listTokens(user.id)).find((t) => t.id === id)?.revokedAt).not.toBeNull();
    expect(await refusal(upload(token, torqueQuery({ time: Date.UTC(2024, 4, 1, 8, 0, 5) })))).toEqual({
      status: 401,
      message: "Unknown or revoked upload token.",
    });
    expect(await authenticateToken(token, ["upload"])).toBeNull();
  });

  it("cannot be revoked or listed by another user", async () => {
    const owner = await makeUser("tok-owner");
    const other = await makeUser("tok-other");
    const { id, token } = await createToken(owner.id, "read", "script");
    await expect(revokeToken(id, other.id)).rejects.toMatchObject({ status: 404 });
    expect(await listTokens(other.id)).toEqual([]);
    expect(await authenticateToken(token, ["read"])).toMatchObject({ userId: owner.id });
  });

  it("does only what its scope allows: upload tokens upload, API tokens use the API", async () => {
    const user = await makeUser("tok-scope");
    const uploadToken = (await createToken(user.id, "upload")).token;
    const readToken = (await createToken(user.id, "read")).token;
    const writeToken = (await createToken(user.id, "read_write")).token;
    const api = (token: string, permission: "readData" | "writeData") =>
      requireActor(new Request("http://server.test/api/v1/sessions", { headers: { authorization: `Bearer ${token}` } }), permission);

    expect((await refusal(upload(readToken))).status).toBe(401);
    expect((await refusal(api(uploadToken, "readData"))).status).toBe(401);
    expect(await api(readToken, "readData")).toMatchObject({ kind: "token", userId: user.id, scope: "read" });
    expect(await refusal(api(readToken, "writeData"))).toEqual({ status: 403, message: "This token's scope (read) does not allow this." });
    expect(await api(writeToken, "writeData")).toMatchObject({ kind: "token", userId: user.id, scope: "read_write" });
  });

  it(`stops at ${MAX_ACTIVE_TOKENS} active tokens per user; revoked ones do not count`, async () => {
    const user = await makeUser("tok-cap");
    const made = await Promise.all(Array.from({ length: MAX_ACTIVE_TOKENS }, (_, i) => createToken(user.id, "read", `t${i}`)));
    await expect(createToken(user.id, "read", "one too many")).rejects.toMatchObject({ status: 409 });
    await revokeToken(made[0].id, user.id);
    await expect(createToken(user.id, "read", "room again")).resolves.toMatchObject({ name: "room again" });
  });

  it("refuses malformed and unknown tokens", async () => {
    expect(await authenticateToken("tls_short", ["upload"])).toBeNull();
    expect(await authenticateToken(`tls_${"A".repeat(32)}`, ["upload"])).toBeNull();
    expect((await refusal(upload("not-a-token"))).status).toBe(401);
  });
});
