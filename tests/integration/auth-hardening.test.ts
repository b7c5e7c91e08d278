import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { updateDisplayName } from "@/lib/account";
import { ACCOUNT_LIMIT, ADDRESS_LIMIT } from "@/lib/auth/sign-in-limits";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users";
import { submitForm } from "../support/html-forms";
import { cookiePairs, postCredentials, signInCookie } from "../support/http-session";
import { startServer, type TestServer } from "../support/server";
import { TEST_PASSWORD } from "../support/users";

/**
 * Sign-in, cookies, CSRF and headers against the real production server. TRUST_PROXY is on,
 * so each test can play a different client address with X-Forwarded-For.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl"), env: { TRUST_PROXY: "1" } });
});
afterAll(async () => {
  await server?.stop();
});

const newUser = (label: string) => createUser({ email: `${label}-${randomUUID().slice(0, 8)}@example.com`, password: TEST_PASSWORD, role: "user" });
const from = () => ({ "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}, 10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });

async function status(path: string, cookie: string, headers: Record<string, string> = {}): Promise<number> {
  return (await fetch(`${server.url}${path}`, { headers: { cookie, ...headers }, redirect: "manual" })).status;
}

describe("session cookie", () => {
  it("is HttpOnly and SameSite=Lax, and not Secure over plain http", async () => {
    const user = await newUser("cookie-http");
    const outcome = await postCredentials(server.url, user.email, TEST_PASSWORD, from());
    const cookie = outcome.setCookies.find((c) => c.startsWith("authjs.session-token="));
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it("is Secure (and __Secure-) behind an https proxy, and recognised on the next request", async () => {
    const user = await newUser("cookie-https");
    const headers = { ...from(), "x-forwarded-proto": "https" };
    const outcome = await postCredentials(server.url, user.email, TEST_PASSWORD, headers);
    const cookie = outcome.setCookies.find((c) => c.startsWith("__Secure-authjs.session-token="));
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(await status("/settings", cookiePairs([cookie as string]), { "x-forwarded-proto": "https" })).toBe(200);
  });
});

describe("failed sign-ins", () => {
  it(`lock the account after ${ACCOUNT_LIMIT} failures: the right password is refused with the lock's reason`, async () => {
    const user = await newUser("lock-http");
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      const failed = await postCredentials(server.url, user.email, "not the password", from());
      expect(failed.cookie).toBeNull();
      expect(failed.location).toContain("code=invalid_credentials");
    }
    const locked = await postCredentials(server.url, user.email, TEST_PASSWORD, from());
    expect(locked.cookie).toBeNull();
    expect(locked.location).toContain("code=rate_limited");
    const page = await (await fetch(new URL(new URL(locked.location as string).search, `${server.url}/signin`))).text();
    expect(page).toContain("Too many failed sign-ins");
  });

  it("make the sign-in form say the account is locked and for how long", async () => {
    const user = await newUser("lock-form");
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await postCredentials(server.url, user.email, "not the password", from());
    const page = await submitForm(server.url, "/signin", "Sign in", {
      cookie: "",
      origin: server.url,
      fields: { email: user.email, password: TEST_PASSWORD },
    });
    expect(await page.text()).toMatch(/Too many failed sign-ins for this account\. Try again in 1[45] minutes\./);
    expect(page.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(false);
  });

  it(`lock an address after ${ADDRESS_LIMIT} failures, whatever the account; other addresses still sign in`, async () => {
    const address = from();
    for (let i = 0; i < ADDRESS_LIMIT; i++) await postCredentials(server.url, `spray-${i}-${randomUUID()}@example.com`, "guess", address);
    const user = await newUser("address-http");
    expect((await postCredentials(server.url, user.email, TEST_PASSWORD, address)).location).toContain("code=rate_limited");
    expect((await postCredentials(server.url, user.email, TEST_PASSWORD, from())).cookie).not.toBeNull();
  });
});

describe("security headers", () => {
  it("give each page response its own script nonce, carried by every script tag", async () => {
    const one = await fetch(`${server.url}/signin`);
    const two = await fetch(`${server.url}/signin`);
    const nonceOf = (r: Response) => r.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
    expect(nonceOf(one)).toBeTruthy();
    expect(nonceOf(one)).not.toBe(nonceOf(two));
    const csp = one.headers.get("content-security-policy") as string;
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp.match(/script-src[^;]*/)?.[0]).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await one.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(one)}"`);
    expect(one.headers.get("x-content-type-options")).toBe("nosniff");
    expect(one.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("forbid API responses from loading or running anything", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("user-supplied text", () => {
  it("is escaped in pages: a display name with markup arrives as text", async () => {
    const user = await newUser("xss-name");
    await updateDisplayName(user.id, `<img src=x onerror=alert(1)>"'&`);
    const html = await (await fetch(`${server.url}/settings`, { headers: { cookie: await signInCookie(server.url, user.email, TEST_PASSWORD) } })).text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("server actions", () => {
  it("refuse a cross-site post (CSRF), and sign out everywhere from this site", async () => {
    const user = await newUser("csrf");
    const cookie = await signInCookie(server.url, user.email, TEST_PASSWORD);
    const other = await signInCookie(server.url, user.email, TEST_PASSWORD);
    const forged = await submitForm(server.url, "/settings", "Sign out everywhere", { cookie, origin: "http://evil.example" });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).authVersion).toBe(0);
    expect(await status("/settings", other)).toBe(200);

    const real = await submitForm(server.url, "/settings", "Sign out everywhere", { cookie, origin: server.url });
    expect(real.status).toBe(303);
    expect(real.headers.get("location")).toContain("/signin");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).authVersion).toBe(1);
    expect(await status("/settings", other)).toBe(307);
    expect(await status("/settings", cookie)).toBe(307);
  });

  it("change the password only with the current one, end other sessions and keep this one signed in", async () => {
    const user = await newUser("passwd");
    const cookie = await signInCookie(server.url, user.email, TEST_PASSWORD);
    const other = await signInCookie(server.url, user.email, TEST_PASSWORD);
    const submit = (current: string) =>
      submitForm(server.url, "/settings", 'aria-label="Change password"', {
        cookie,
        origin: server.url,
        fields: { currentPassword: current, newPassword: "a new long password", confirmPassword: "a new long password" },
      });

    const wrong = await submit("not my password");
    expect(await wrong.text()).toContain("Current password is wrong.");
    expect(await status("/settings", other)).toBe(200);

    const right = await submit(TEST_PASSWORD);
    expect(await right.text()).toContain("Password changed.");
    expect(await status("/settings", other)).toBe(307);
    const renewed = right.headers.getSetCookie().filter((c) => c.startsWith("authjs.session-token="));
    expect(renewed).toHaveLength(1);
    expect(await status("/settings", cookiePairs(renewed))).toBe(200);
    expect((await postCredentials(server.url, user.email, "a new long password", from())).cookie).not.toBeNull();
  });
});
