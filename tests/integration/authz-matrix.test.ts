import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { handleUploadRequest } from "@/lib/ingest/upload-request";
import { createToken } from "@/lib/tokens";
import { createUser } from "@/lib/users";
import type { TokenScope, User } from "@/lib/generated/prisma/client";
import { signInCookie } from "../support/http-session";
import { discoverRoutes } from "../support/route-list";
import { startServer, type TestServer } from "../support/server";
import { torqueQuery } from "../support/uploads";
import { TEST_PASSWORD } from "../support/users";

/**
 * Who gets what, for EVERY page and route handler in app/ (found at test time), asked by each
 * principal: nobody, user A's and user B's browser sessions, an admin's, and A's and B's
 * tokens of every scope. The resource in the URL always belongs to A. Besides the status, no
 * answer to anyone but A may contain A's data (unique markers planted in A's trip).
 *
 * A new route makes this test fail until it has a rule in RULES below.
 */
const PRINCIPALS = ["anonymous", "A", "B", "admin", "A:upload", "A:read", "A:read_write", "B:upload", "B:read", "B:read_write"] as const;
type Principal = (typeof PRINCIPALS)[number];
/** A status, or where a redirect goes. */
type Outcome = number | "signin" | "home";

interface Fixture {
  a: { sessionId: number; deviceId: number; torqueId: string };
}

interface Rule {
  /** The URL to request, for A's resources. */
  path: (f: Fixture) => string;
  expect: Record<Principal, Outcome>;
  init?: (f: Fixture) => RequestInit;
  /** Answers that may show A's data to others (e.g. an admin's user list shows e-mails). */
  mayShowOthers?: Principal[];
  /**
   * For writes that change or delete A's resource: plant a fresh trip of A before each
   * principal asks, so one principal's success cannot turn the next one's answer into a 404.
   */
  freshTrip?: boolean;
}

function outcomes(base: Outcome, overrides: Partial<Record<Principal, Outcome>> = {}): Record<Principal, Outcome> {
  return Object.fromEntries(PRINCIPALS.map((p) => [p, overrides[p] ?? base])) as Record<Principal, Outcome>;
}

const EVERYONE_200 = outcomes(200);
/** Pages need a browser session; tokens never open pages. */
const SIGNED_IN_PAGE = outcomes("signin", { A: 200, B: 200, admin: 200 });
const ADMIN_PAGE = outcomes("signin", { A: 404, B: 404, admin: 200 });
/** A's resource through the API: A's session or API tokens; anyone else's is "not found" (admins too). */
const OWNED_READ = outcomes(401, { A: 200, "A:read": 200, "A:read_write": 200, B: 404, "B:read": 404, "B:read_write": 404, admin: 404 });
/** A list of the caller's own things: every reader gets 200, with only their own data in it. */
const OWN_LIST_READ = outcomes(401, { A: 200, B: 200, admin: 200, "A:read": 200, "A:read_write": 200, "B:read": 200, "B:read_write": 200 });
const UPLOAD = outcomes(401, { "A:upload": 200, "B:upload": 200 });

let uploadTime = Date.UTC(2024, 5, 1, 9, 0, 0);
const nextUpload = () => torqueQuery({ deviceId: "c0ffee", session: Date.UTC(2024, 5, 1, 9), time: (uploadTime += 1000) });

/** A three-row trackLog.csv, as Torque writes it on the phone. */
function importForm(deviceId: number): FormData {
  const rows = [0, 1, 2].map((i) => `-,05-Jan-2020 10:00:0${i}.250,13.4,52.5,30,4,35,90,${1500 + i}`);
  const csv = ["GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing,Engine RPM(rpm)", ...rows].join("\n");
  const form = new FormData();
  form.append("timeZone", "UTC");
  form.append("deviceId", String(deviceId));
  form.append("file", new Blob([`${csv}\n`]), "trackLog.csv");
  return form;
}

const RULES: Record<string, Rule> = {
  "PAGE /": { path: () => "/", expect: SIGNED_IN_PAGE },
  "PAGE /settings": { path: () => "/settings", expect: SIGNED_IN_PAGE },
  "PAGE /uploads": { path: () => "/uploads", expect: SIGNED_IN_PAGE },
  "PAGE /api-docs": { path: () => "/api-docs", expect: SIGNED_IN_PAGE },
  "PAGE /import": { path: () => "/import", expect: SIGNED_IN_PAGE },
  "PAGE /admin/users": { path: () => "/admin/users", expect: ADMIN_PAGE },
  // A trip's page: its owner only; anyone else's browser gets "not found", like a missing id.
  "PAGE /sessions/[id]": { path: (f) => `/sessions/${f.a.sessionId}`, expect: outcomes("signin", { A: 200, B: 404, admin: 404 }) },
  "PAGE /signin": { path: () => "/signin", expect: outcomes(200, { A: "home", B: "home", admin: "home" }) },
  // The one-time set-up page is gone once any user exists.
  "PAGE /setup": { path: () => "/setup", expect: outcomes(404) },

  "GET /api/ping": { path: () => "/api/ping", expect: EVERYONE_200 },
  "GET /api/health": { path: () => "/api/health", expect: EVERYONE_200 },
  "GET /api/auth/[...nextauth]": { path: () => "/api/auth/session", expect: EVERYONE_200 },
  // next-auth's own writes need its CSRF token: without one, a session update is refused.
  "POST /api/auth/[...nextauth]": { path: () => "/api/auth/session", expect: outcomes(400), init: () => ({ method: "POST", body: "{}" }) },
  "GET /api/upload/[[...slug]]": { path: () => `/api/upload?${nextUpload()}`, expect: UPLOAD },
  "POST /api/upload/[[...slug]]": {
    path: () => "/api/upload",
    expect: UPLOAD,
    init: () => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: nextUpload() }),
  },

  "GET /api/v1/openapi.json": { path: () => "/api/v1/openapi.json", expect: EVERYONE_200 },
  "GET /api/v1/devices": { path: () => "/api/v1/devices", expect: OWN_LIST_READ },
  "GET /api/v1/pids": { path: (f) => `/api/v1/pids?device=${f.a.deviceId}`, expect: OWN_LIST_READ },
  // Importing into A's device: A's session or read-write token may; read tokens may not write;
  // anyone else's import naming A's device finds no such device.
  "POST /api/v1/imports": {
    path: () => "/api/v1/imports",
    expect: outcomes(401, { A: 200, "A:read_write": 200, "A:read": 403, "B:read": 403, B: 404, "B:read_write": 404, admin: 404 }),
    init: (f) => ({ method: "POST", body: importForm(f.a.deviceId) }),
  },
  "GET /api/v1/sessions/[id]": { path: (f) => `/api/v1/sessions/${f.a.sessionId}`, expect: OWNED_READ },
  // The session page's data: chart series, GPS track, live events (?once: the stream's first event, then the end).
  "GET /api/sessions/[id]/chart": { path: (f) => `/api/sessions/${f.a.sessionId}/chart?pids=d`, expect: OWNED_READ },
  "GET /api/sessions/[id]/track": { path: (f) => `/api/sessions/${f.a.sessionId}/track`, expect: OWNED_READ },
  "GET /api/sessions/[id]/events": { path: (f) => `/api/sessions/${f.a.sessionId}/events?once`, expect: OWNED_READ },
  // Downloads: one session's file, the zip of a selection (GET ids=…, POST JSON), the list's form
  // target (a browser page: no credentials go to sign-in), and a download's progress/cancel.
  "GET /api/sessions/[id]/download": { path: (f) => `/api/sessions/${f.a.sessionId}/download?format=csv`, expect: OWNED_READ },
  "GET /api/sessions/export": { path: (f) => `/api/sessions/export?ids=${f.a.sessionId}`, expect: OWNED_READ },
  "POST /api/sessions/export": {
    path: () => "/api/sessions/export",
    expect: OWNED_READ,
    init: (f) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sessionIds: [f.a.sessionId] }) }),
  },
  "GET /sessions/download": {
    path: (f) => `/sessions/download?ids=${f.a.sessionId}`,
    expect: outcomes("signin", { A: 200, "A:read": 200, "A:read_write": 200, B: 404, "B:read": 404, "B:read_write": 404, admin: 404 }),
  },
  // Another user's (or an unknown) download job is "not found" for every reader.
  "GET /api/sessions/export/[job]": { path: () => "/api/sessions/export/nosuchjob1", expect: outcomes(401, { A: 404, B: 404, admin: 404, "A:read": 404, "A:read_write": 404, "B:read": 404, "B:read_write": 404 }) },
  "DELETE /api/sessions/export/[job]": {
    path: () => "/api/sessions/export/nosuchjob1",
    expect: outcomes(401, { A: 404, B: 404, admin: 404, "A:read": 404, "A:read_write": 404, "B:read": 404, "B:read_write": 404 }),
    init: () => ({ method: "DELETE" }),
  },
  // API v1 writes: A's session or read-write token; read tokens are refused by scope (403)
  // before anything is looked up; anyone else finds no such session.
  "GET /api/v1/sessions": { path: () => "/api/v1/sessions?limit=5", expect: OWN_LIST_READ },
  "PATCH /api/v1/sessions/[id]": {
    path: (f) => `/api/v1/sessions/${f.a.sessionId}`,
    expect: outcomes(401, { A: 200, "A:read_write": 200, "A:read": 403, "B:read": 403, B: 404, "B:read_write": 404, admin: 404 }),
    init: () => ({ method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ notes: "checked" }) }),
  },
  "DELETE /api/v1/sessions/[id]": {
    path: (f) => `/api/v1/sessions/${f.a.sessionId}`,
    expect: outcomes(401, { A: 200, "A:read_write": 200, "A:read": 403, "B:read": 403, B: 404, "B:read_write": 404, admin: 404 }),
    init: () => ({ method: "DELETE" }),
    freshTrip: true,
  },
  // Merging A's session with an id nobody has: not found for every writer, whoever asks.
  "POST /api/v1/sessions/merge": {
    path: () => "/api/v1/sessions/merge",
    expect: outcomes(401, { A: 404, "A:read_write": 404, "A:read": 403, "B:read": 403, B: 404, "B:read_write": 404, admin: 404 }),
    init: (f) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sessionIds: [f.a.sessionId, 2_147_483_000] }) }),
  },
  "POST /api/v1/exports": {
    path: () => "/api/v1/exports",
    expect: OWNED_READ,
    init: (f) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sessionIds: [f.a.sessionId] }) }),
  },
  // freshTrip here only keeps that mechanism (meant for writes) exercised.
  "GET /api/v1/sessions/[id]/samples": { path: (f) => `/api/v1/sessions/${f.a.sessionId}/samples`, expect: OWNED_READ, freshTrip: true },
};

let server: TestServer;
let fixture: Fixture;
let userA: User;
const credentials = new Map<Principal, Record<string, string>>();
/** Strings only A's data contains: no answer to anyone else may include them. */
let markers: string[] = [];

async function makeAccount(label: string, role: "user" | "admin"): Promise<User> {
  return createUser({ email: `${label}-${randomUUID().slice(0, 8)}@example.com`, password: TEST_PASSWORD, role });
}

async function tokens(user: User, who: "A" | "B"): Promise<void> {
  for (const scope of ["upload", "read", "read_write"] as TokenScope[]) {
    const { token } = await createToken(user.id, scope, `${who} ${scope}`);
    credentials.set(`${who}:${scope}` as Principal, { authorization: `Bearer ${token}` });
  }
}

/** One trip of the user, uploaded the way the phone does, then named with markers. */
async function plantTrip(user: User, tag: string) {
  const { token } = await createToken(user.id, "upload", "fixture");
  const torqueId = randomUUID().replaceAll("-", "");
  const profile = `${tag}-profile-${randomUUID()}`;
  const query = torqueQuery({ deviceId: torqueId, extra: { profileName: profile, userFullNamed: `${tag}-pid-${randomUUID()}` } });
  const result = await handleUploadRequest(new Request(`http://server.test/api/upload/${token}?${query}`), token);
  const name = `${tag}-trip-${randomUUID()}`;
  const nickname = `${tag}-phone-${randomUUID()}`;
  await db().session.update({ where: { id: result.sessionId as number }, data: { name, notes: `${tag}-notes-${randomUUID()}` } });
  await db().device.update({ where: { id: result.deviceId }, data: { nickname } });
  return { sessionId: result.sessionId as number, deviceId: result.deviceId, torqueId, markers: [torqueId, profile, name, nickname] };
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
  const [a, b, admin] = [await makeAccount("matrix-a", "user"), await makeAccount("matrix-b", "user"), await makeAccount("matrix-admin", "admin")];
  userA = a;
  const tripA = await plantTrip(a, "A");
  await plantTrip(b, "B");
  fixture = { a: { sessionId: tripA.sessionId, deviceId: tripA.deviceId, torqueId: tripA.torqueId } };
  markers = tripA.markers;
  credentials.set("anonymous", {});
  credentials.set("A", { cookie: await signInCookie(server.url, a.email, TEST_PASSWORD) });
  credentials.set("B", { cookie: await signInCookie(server.url, b.email, TEST_PASSWORD) });
  credentials.set("admin", { cookie: await signInCookie(server.url, admin.email, TEST_PASSWORD) });
  await tokens(a, "A");
  await tokens(b, "B");
});
afterAll(async () => {
  await server?.stop();
});

async function ask(rule: Rule, principal: Principal): Promise<{ outcome: Outcome; body: string }> {
  let target = fixture;
  if (rule.freshTrip) {
    const trip = await plantTrip(userA, "A");
    markers.push(...trip.markers);
    target = { a: { sessionId: trip.sessionId, deviceId: trip.deviceId, torqueId: trip.torqueId } };
  }
  const init = rule.init?.(target) ?? {};
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(credentials.get(principal) ?? {})) headers.set(k, v);
  // A browser sends Origin with every write; ours is the server's own.
  if (init.method && init.method !== "GET") headers.set("origin", server.url);
  const response = await fetch(`${server.url}${rule.path(target)}`, { ...init, headers, redirect: "manual" });
  const body = await response.text();
  if (response.status >= 300 && response.status < 400) {
    const to = new URL(response.headers.get("location") ?? "", server.url).pathname;
    return { outcome: to === "/signin" ? "signin" : to === "/" ? "home" : (`redirect ${to}` as unknown as number), body };
  }
  return { outcome: response.status, body };
}

describe("authorisation matrix", () => {
  it("has a rule for every page and route handler in app/", () => {
    const routes = discoverRoutes();
    const missing = routes.filter((r) => !(r in RULES));
    const stale = Object.keys(RULES).filter((r) => !routes.includes(r));
    expect(
      missing,
      `No authorisation rule for: ${missing.join(", ")}. Add each to RULES in tests/integration/authz-matrix.test.ts, saying what ` +
        `every principal (anonymous, users A and B, admin, A's and B's upload/read/read_write tokens) must get for A's resource.`,
    ).toEqual([]);
    expect(stale, `RULES has entries for routes that no longer exist: ${stale.join(", ")}. Remove them.`).toEqual([]);
  });

  it.each(Object.keys(RULES))("%s", async (key) => {
    const rule = RULES[key];
    const got: Partial<Record<Principal, Outcome>> = {};
    const leaks: string[] = [];
    for (const principal of PRINCIPALS) {
      const { outcome, body } = await ask(rule, principal);
      got[principal] = outcome;
      const isA = principal === "A" || principal.startsWith("A:");
      if (!isA && !rule.mayShowOthers?.includes(principal)) {
        for (const marker of markers) if (body.includes(marker)) leaks.push(`${principal} saw ${marker}`);
      }
    }
    expect(got).toEqual(rule.expect);
    expect(leaks, "another user's data in the answer").toEqual([]);
  });

  it("shows A's own data to A: the leak check looks for strings that do appear", async () => {
    const { body } = await ask({ path: (f) => `/api/v1/sessions/${f.a.sessionId}`, expect: OWNED_READ }, "A:read");
    const settings = await ask({ path: () => "/settings", expect: SIGNED_IN_PAGE }, "A");
    for (const marker of markers.slice(1, 4)) expect(body + settings.body).toContain(marker);
    expect(settings.body).toContain(markers[0]);
  });
});
