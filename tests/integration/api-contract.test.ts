import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import { OPERATIONS } from "@/lib/api/v1";
import { db } from "@/lib/db/client";
import type { Operation } from "@/lib/api/operation";
import { startServer, type TestServer } from "../support/server";
import { makeSession } from "../support/sessions";
import { makeToken, makeUser } from "../support/users";

/**
 * Calls every operation of the OpenAPI document against the real server and validates the
 * response with the operation's own schema. An operation without an example here fails.
 */
let server: TestServer;
let readToken: string;
let writeToken: string;
let uploadToken: string;

interface Example {
  path: (ids: Fixture) => string;
  init?: RequestInit;
  /** Operations that write are called with a read-write token. */
  write?: boolean;
}
interface Fixture {
  deviceId: number;
  sessionId: number;
  /** Sessions the writing examples may change or delete (not live, adjacent for the merge). */
  deleteId: number;
  mergeIds: number[];
}
let fixture: Fixture;

function trackLogForm(): FormData {
  const form = new FormData();
  form.append("timeZone", "UTC");
  form.append("file", new Blob(["GPS Time,Device Time,Engine RPM(rpm)\n-,02-Jan-2024 09:00:00.000,850\n"]), "trackLog.csv");
  return form;
}

const EXAMPLES: Record<string, Example> = {
  listDevices: { path: () => "/api/v1/devices" },
  listPids: { path: (f) => `/api/v1/pids?device=${f.deviceId}` },
  getSession: { path: (f) => `/api/v1/sessions/${f.sessionId}` },
  getSessionSamples: { path: (f) => `/api/v1/sessions/${f.sessionId}/samples?pids=c&from=2024-01-02T08:00:00Z` },
  importTrackLogs: { path: () => "/api/v1/imports", write: true, init: { body: trackLogForm() } },
  listSessions: { path: () => "/api/v1/sessions?sort=start&order=asc&limit=2" },
  updateSession: {
    path: (f) => `/api/v1/sessions/${f.sessionId}`,
    write: true,
    init: { body: JSON.stringify({ name: "Morning commute", tags: ["work"] }), headers: { "content-type": "application/json" } },
  },
  deleteSession: { path: (f) => `/api/v1/sessions/${f.deleteId}`, write: true },
  mergeSessions: { path: () => "/api/v1/sessions/merge", write: true, init: { headers: { "content-type": "application/json" } } },
  createExport: { path: () => "/api/v1/exports", init: { headers: { "content-type": "application/json" } } },
};

/** Bodies that name the fixture's ids are made when the fixture exists. */
function bodyFor(id: string, f: Fixture): string | undefined {
  if (id === "mergeSessions") return JSON.stringify({ sessionIds: f.mergeIds });
  if (id === "createExport") return JSON.stringify({ sessionIds: [f.sessionId] });
  return undefined;
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
  const user = await makeUser("contract");
  readToken = await makeToken(user.id, "read");
  writeToken = await makeToken(user.id, "read_write");
  uploadToken = await makeToken(user.id, "upload");
  const t = Date.UTC(2024, 0, 2, 8);
  await fetch(`${server.url}/api/upload/${uploadToken}?session=${t}&id=${"ab".repeat(16)}&time=${t + 1000}&kc=900&userFullNamec=Engine%20RPM&defaultUnitc=rpm`);
  const devices = (await (await fetch(`${server.url}/api/v1/devices`, { headers: { authorization: `Bearer ${readToken}` } })).json()) as {
    devices: { id: number }[];
  };
  const session = await db().session.findFirstOrThrow({ where: { userId: user.id } });
  const [m1, m2, doomed] = await Promise.all(
    [Date.UTC(2023, 5, 1, 8), Date.UTC(2023, 5, 1, 9), Date.UTC(2023, 6, 1, 8)].map((ms) =>
      makeSession(user.id, { deviceId: devices.devices[0].id, startedAt: new Date(ms), durationS: 600 }),
    ),
  );
  fixture = { deviceId: devices.devices[0].id, sessionId: session.id, deleteId: doomed.id, mergeIds: [m1.id, m2.id] };
});
afterAll(async () => {
  await server?.stop();
});

describe("every operation answers as its OpenAPI schema says", () => {
  it.each(OPERATIONS.map((o) => [o.id, o] as const))("%s", async (id, op: Operation) => {
    const example = EXAMPLES[id];
    expect(example, `add an example request for ${id} to tests/integration/api-contract.test.ts`).toBeDefined();
    const requestBody = bodyFor(id, fixture);
    const response = await fetch(`${server.url}${example.path(fixture)}`, {
      method: op.method,
      ...example.init,
      ...(requestBody ? { body: requestBody } : {}),
      headers: { authorization: `Bearer ${example.write ? writeToken : readToken}`, ...(example.init?.headers ?? {}) },
    });
    expect(response.status).toBe(200);
    if ("mediaType" in op.response) {
      expect(response.headers.get("content-type")).toContain(op.response.mediaType);
      return;
    }
    const body: unknown = await response.json();
    const parsed = (op.response as z.ZodType).safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    if (op.etag) {
      const etag = response.headers.get("etag");
      expect(etag).toBeTruthy();
      const again = await fetch(`${server.url}${example.path(fixture)}`, { headers: { authorization: `Bearer ${readToken}`, "if-none-match": etag ?? "" } });
      expect(again.status).toBe(304);
    }
  });
});

describe("session samples", () => {
  it("returns the stored values in columns, and 404 for another user's session", async () => {
    const body = (await (
      await fetch(`${server.url}/api/v1/sessions/${fixture.sessionId}/samples`, { headers: { authorization: `Bearer ${readToken}` } })
    ).json()) as { columns: string[]; rows: number[][]; pids: { key: string; name: string; unit: string }[] };
    expect(body.columns).toEqual(["time", "c"]);
    expect(body.rows).toEqual([[Date.UTC(2024, 0, 2, 8) + 1000, 900]]);
    expect(body.pids[0]).toMatchObject({ key: "c", name: "Engine RPM", unit: "rpm" });
    const stranger = await makeUser("stranger");
    const strangerToken = await makeToken(stranger.id, "read");
    for (const path of [`/api/v1/sessions/${fixture.sessionId}`, `/api/v1/sessions/${fixture.sessionId}/samples`]) {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${strangerToken}` } });
      expect(response.status).toBe(404);
    }
  });

  it("refuses a PID the session does not have", async () => {
    const response = await fetch(`${server.url}/api/v1/sessions/${fixture.sessionId}/samples?pids=ff1005`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe("pids");
  });
});

describe("API errors", () => {
  it("answer 401 without a token and 401 for an upload token, in the error envelope", async () => {
    const headerSets: Record<string, string>[] = [{}, { authorization: `Bearer ${uploadToken}` }];
    for (const headers of headerSets) {
      const response = await fetch(`${server.url}/api/v1/devices`, { headers });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("unauthenticated");
      expect(body.error.message.length).toBeGreaterThan(10);
    }
  });

  it("answer 400 naming the field for a bad query parameter", async () => {
    const response = await fetch(`${server.url}/api/v1/pids?device=-3`, { headers: { authorization: `Bearer ${readToken}` } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe("device");
  });

  it("serves the OpenAPI document without a token", async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });
});
