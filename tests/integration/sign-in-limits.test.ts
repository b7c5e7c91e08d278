import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { attemptSignIn } from "@/lib/auth/sign-in";
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, accountKey, addressKey } from "@/lib/auth/sign-in-limits";
import { db } from "@/lib/db/client";
import { setPassword } from "@/lib/users";
import { makeUser, TEST_PASSWORD } from "../support/users";

/** A fresh address per test, so tests never share the per-address count. */
const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 6)}`;

async function fail(email: string, from: string | null, times: number) {
  for (let i = 0; i < times; i++) await attemptSignIn(email, "wrong password!", from);
}

afterEach(() => vi.restoreAllMocks());

describe("sign-in with guessing limits", () => {
  it("does one bcrypt comparison for an unknown e-mail, like for a known one", async () => {
    const compare = vi.spyOn(bcrypt, "compare");
    const result = await attemptSignIn(`nobody-${randomUUID()}@example.com`, "some password", address());
    expect(result).toEqual({ ok: false, reason: "invalid" });
    expect(compare).toHaveBeenCalledTimes(1);
    const user = await makeUser("limits-known");
    await attemptSignIn(user.email, "some password", address());
    expect(compare).toHaveBeenCalledTimes(2);
  });

  it(`locks an account after ${ACCOUNT_LIMIT} failures, even against the right password, and says until when`, async () => {
    const user = await makeUser("limits-account");
    const from = address();
    await fail(user.email, from, ACCOUNT_LIMIT);
    const before = Date.now();
    const locked = await attemptSignIn(user.email, TEST_PASSWORD, address());
    expect(locked.ok).toBe(false);
    if (locked.ok || locked.reason !== "locked") throw new Error(`expected a lock, got ${JSON.stringify(locked)}`);
    expect(locked.scope).toBe("account");
    // The window started at the first failure: the lock ends at most 15 minutes from now.
    expect(locked.until.getTime()).toBeGreaterThan(before + 14 * 60_000);
    expect(locked.until.getTime()).toBeLessThanOrEqual(before + 15 * 60_000 + 1000);
  });

  it("locks unknown e-mails the same way, so a lock reveals nothing about who has an account", async () => {
    const email = `ghost-${randomUUID()}@example.com`;
    await fail(email, address(), ACCOUNT_LIMIT);
    expect(await attemptSignIn(email, "anything at all", address())).toMatchObject({ ok: false, reason: "locked", scope: "account" });
  });

  it("lets a locked account in again once its window is over", async () => {
    const user = await makeUser("limits-expiry");
    await fail(user.email, address(), ACCOUNT_LIMIT + 2);
    expect(await attemptSignIn(user.email, TEST_PASSWORD, address())).toMatchObject({ reason: "locked" });
    await db().$executeRaw`UPDATE sign_in_attempts SET window_start = now() - interval '16 minutes' WHERE key = ${accountKey(user.email)}`;
    expect(await attemptSignIn(user.email, TEST_PASSWORD, address())).toMatchObject({ ok: true });
  });

  it("starts an account afresh after a successful sign-in", async () => {
    const user = await makeUser("limits-reset");
    await fail(user.email, address(), ACCOUNT_LIMIT - 1);
    expect(await attemptSignIn(user.email, TEST_PASSWORD, address())).toMatchObject({ ok: true });
    await fail(user.email, address(), ACCOUNT_LIMIT - 1);
    expect(await attemptSignIn(user.email, TEST_PASSWORD, address())).toMatchObject({ ok: true });
  });

  it(`locks an address after ${ADDRESS_LIMIT} failures across accounts; other addresses are not affected`, async () => {
    const from = address();
    for (let i = 0; i < ADDRESS_LIMIT; i++) await attemptSignIn(`spray-${i}-${randomUUID()}@example.com`, "wrong password!", from);
    const user = await makeUser("limits-address");
    expect(await attemptSignIn(user.email, TEST_PASSWORD, from)).toMatchObject({ ok: false, reason: "locked", scope: "address" });
    expect(await attemptSignIn(user.email, TEST_PASSWORD, address())).toMatchObject({ ok: true });
  });

  it("does not count successful sign-ins against the address", async () => {
    const user = await makeUser("limits-busy-address");
    const from = address();
    for (let i = 0; i < 3; i++) expect(await attemptSignIn(user.email, TEST_PASSWORD, from)).toMatchObject({ ok: true });
    const [row] = await db().$queryRaw<{ count: number }[]>`SELECT count FROM sign_in_attempts WHERE key = ${addressKey(from)}`;
    expect(row.count).toBe(0);
  });

  it("lets no more than the limit of a concurrent burst reach the password check", async () => {
    const user = await makeUser("limits-burst");
    const compare = vi.spyOn(bcrypt, "compare");
    const results = await Promise.all(Array.from({ length: 12 }, () => attemptSignIn(user.email, "wrong password!", address())));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(ACCOUNT_LIMIT);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(12 - ACCOUNT_LIMIT);
    expect(compare).toHaveBeenCalledTimes(ACCOUNT_LIMIT);
  });

  it("is lifted when an admin sets a new password", async () => {
    const user = await makeUser("limits-admin-reset");
    await fail(user.email, address(), ACCOUNT_LIMIT + 1);
    await setPassword(user.id, "a brand new password");
    expect(await attemptSignIn(user.email, "a brand new password", address())).toMatchObject({ ok: true });
  });
});
