import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import { OPERATIONS } from "@/lib/api/v1";
import { db } from "@/lib/db/client";
import type { Operation } from "@/lib/api/operation";
import { startServer, type TestServer } from "../support/server";
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
};

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
  fixture = { deviceId: devices.devices[0].id, sessionId: session.id };
});
afterAll(async () => {
  await server?.stop();
});

describe("every operation answers as its OpenAPI schema says", () => {
  it.each(OPERATIONS.map((o) => [o.id, o] as const))("%s", async (id, op: Operation) => {
    const example = EXAMPLES[id];
    expect(example, `add an example request for ${id} to tests/integration/api-contract.test.ts`).toBeDefined();
    const response = await fetch(`${server.url}${example.path(fixture)}`, {
      method: op.method,
      ...example.init,
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
