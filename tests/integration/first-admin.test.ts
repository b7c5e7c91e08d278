import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { submitForm } from "../support/html-forms";
import { cookiePairs } from "../support/http-session";
import { startServer, waitFor, type TestServer } from "../support/server";
import { createScratchDatabase } from "../support/test-database";

/**
 * The one-time set-up on a fresh instance: this file points lib/db at an empty database of its
 * own (module state is per test file), since the run's shared database already has users.
 */
let scratch: { url: string; drop(): Promise<void> };

beforeAll(async () => {
  scratch = await createScratchDatabase(inject("databaseUrl"));
  process.env.DATABASE_URL = scratch.url;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().$disconnect();
  await scratch?.drop();
});

describe("first admin of a fresh instance", () => {
  it("is created by exactly one of several concurrent set-ups", async () => {
    const { createUser, userCount } = await import("@/lib/users");
    expect(await userCount()).toBe(0);
    // Make the race certain: another connection holds inserts into users back until every
    // set-up is inside its transaction and waiting (on that, or on its turn), then lets go.
    // Connections are opened first: a backend starting up in this brand-new database would
    // itself wait behind the table lock below.
    const { db } = await import("@/lib/db/client");
    await Promise.all(Array.from({ length: 4 }, () => db().$executeRaw`SELECT pg_sleep(0.2)`));
    const blocker = new pg.Client({ connectionString: scratch.url });
    await blocker.connect();
    await blocker.query("BEGIN; LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE");
    const n = 2;
    const attempts = Promise.allSettled(
      Array.from({ length: n }, (_, i) => createUser({ email: `admin-${i}@example.com`, password: "correct horse battery staple" }, { onlyIfNoUsers: true })),
    );
    await waitFor(async () => {
      const { rows } = await blocker.query<{ waiting: number }>(
        "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return rows[0].waiting >= n;
    }, 60_000, "every set-up to wait inside its transaction");
    await blocker.query("COMMIT");
    await blocker.end();
    const results = await attempts;
    const created = results.filter((a) => a.status === "fulfilled");
    const refused = results.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(created).toHaveLength(1);
    expect(created[0].status === "fulfilled" && created[0].value.role).toBe("admin");
    expect(new Set(refused.map((r) => (r.reason as Error).message))).toEqual(new Set(["This instance is already set up: sign in instead."]));
    expect(await userCount()).toBe(1);
  });

  it("keeps the instance's last admin: no demotion or deletion of it", async () => {
    const { createUser, deleteUser, setRole } = await import("@/lib/users");
    const { db } = await import("@/lib/db/client");
    const admin = await db().user.findFirstOrThrow({ where: { role: "admin" } });
    const user = await createUser({ email: "second@example.com", password: "correct horse battery staple" });
    expect(user.role).toBe("user");
    await expect(setRole(null, admin.id, "user")).rejects.toThrow("This is the only admin");
    await expect(deleteUser(null, admin.id)).rejects.toThrow("This is the only admin");
    await expect(setRole(admin.id, admin.id, "user")).rejects.toThrow("cannot remove your own admin role");
    await setRole(admin.id, user.id, "admin");
    // Two admins now: either may be demoted by the other, but not both at once.
    const both = await Promise.allSettled([setRole(null, admin.id, "user"), setRole(null, user.id, "user")]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().user.count({ where: { role: "admin" } })).toBe(1);
  });
});

describe("the set-up page of a fresh instance", () => {
  let fresh: { url: string; drop(): Promise<void> };
  let server: TestServer;
  beforeAll(async () => {
    fresh = await createScratchDatabase(inject("databaseUrl"));
    server = await startServer({ databaseUrl: fresh.url });
  });
  afterAll(async () => {
    await server?.stop();
    await fresh?.drop();
  });

  it("is where sign-in sends everyone; it creates the admin, signs them in and is gone", async () => {
    const signin = await fetch(`${server.url}/signin`, { redirect: "manual" });
    expect(new URL(signin.headers.get("location") ?? "", server.url).pathname).toBe("/setup");
    const fields = {
      email: "Owner@Example.com",
      displayName: "Owner",
      password: "the owner's password",
      confirmPassword: "the owner's password",
      timeZone: "Europe/Berlin",
    };
    const done = await submitForm(server.url, "/setup", "Create admin account", { cookie: "", origin: server.url, fields });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toContain("/settings");
    const cookie = cookiePairs(done.headers.getSetCookie().filter((c) => c.startsWith("authjs.session-token=")));
    const settings = await fetch(`${server.url}/settings`, { headers: { cookie }, redirect: "manual" });
    expect(settings.status).toBe(200);
    expect(await settings.text()).toContain('value="Europe/Berlin"');

    expect((await fetch(`${server.url}/setup`)).status).toBe(404);
    expect((await fetch(`${server.url}/signin`)).status).toBe(200);
    const admins = new pg.Client({ connectionString: fresh.url });
    await admins.connect();
    const { rows } = await admins.query<{ email: string; role: string; time_zone: string }>("SELECT email, role, time_zone FROM users");
    await admins.end();
    expect(rows).toEqual([{ email: "owner@example.com", role: "admin", time_zone: "Europe/Berlin" }]);
  });
});
