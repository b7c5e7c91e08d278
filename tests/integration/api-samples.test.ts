import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { signInCookie } from "../support/auth-cookie";
import { startServer, type TestServer } from "../support/server";
import { FIXTURE_SESSION, fixtureTargets, sendAll } from "../support/torque-fixture";
import { makeToken, makeUser } from "../support/users";

/**
 * GET /api/v1/sessions/{id}/samples beyond plain JSON: `format=csv` is the session page's CSV
 * download byte for byte, and `downsample=` reduces a trip to about N rows without losing a
 * peak. Runs on the real fixture trip (526 samples, 144 PIDs, GPS).
 */
let server: TestServer;
let readToken: string;
let cookie: string;
let sessionId: number;

interface SamplesJson {
  pids: { key: string }[];
  columns: string[];
  rows: (number | null)[][];
  downsample?: { samples: number; bucketMs: number | null };
}

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${readToken}`, ...(init.headers ?? {}) } });
const page = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } });
const samplesJson = async (query: string) => (await (await api(`/api/v1/sessions/${sessionId}/samples${query}`)).json()) as SamplesJson;

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
  const user = await makeUser("api-samples");
  readToken = await makeToken(user.id, "read");
  const uploadToken = await makeToken(user.id, "upload");
  const replies = await sendAll(server.port, fixtureTargets(`/api/upload/${uploadToken}`), 4);
  expect(replies.filter((r) => r.body !== "OK!")).toEqual([]);
  sessionId = (await db().session.findFirstOrThrow({ where: { userId: user.id, torqueSession: BigInt(FIXTURE_SESSION) } })).id;
  cookie = await signInCookie(server.url, user.email);
});
afterAll(async () => {
  await server?.stop();
});

describe("format=csv", () => {
  it.each([
    ["stored units, the user's zone", ""],
    ["display units in another zone", "&units=display&tz=America%2FLos_Angeles"],
  ])("is the same file as the session page's CSV download (%s)", async (_, options) => {
    const fromApi = await api(`/api/v1/sessions/${sessionId}/samples?format=csv${options}`);
    const fromPage = await page(`/api/sessions/${sessionId}/download?format=csv${options}`);
    expect(fromApi.status).toBe(200);
    expect(fromPage.status).toBe(200);
    expect(fromApi.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(fromApi.headers.get("content-disposition")).toBe(fromPage.headers.get("content-disposition"));
    const [apiText, pageText] = [await fromApi.text(), await fromPage.text()];
    expect(apiText.split("\n")).toHaveLength(526 + 2); // header, 526 samples, final newline
    expect(apiText).toBe(pageText);
  });

  it("keeps only the asked-for PIDs and time range, with the same rows as the JSON", async () => {
    const all = await samplesJson("?pids=c");
    const [from, to] = [all.rows[100][0] as number, all.rows[199][0] as number];
    const query = `?pids=c,d&from=${from}&to=${new Date(to).toISOString()}`;
    const csv = await (await api(`/api/v1/sessions/${sessionId}/samples${query}&format=csv`)).text();
    const [header, ...lines] = csv.trimEnd().split("\n");
    expect(header.split(",").slice(11)).toEqual(["Engine RPM(rpm)", "Speed (OBD)(km/h)"]);
    expect(lines).toHaveLength(100);
    const json = await samplesJson(query);
    expect(json.rows).toHaveLength(100);
    expect(lines.map((l) => Number(l.split(",")[11]))).toEqual(json.rows.map((r) => r[1]));
  });

  it("answers 304 to its own ETag, and refuses downsample with a clear error", async () => {
    const first = await api(`/api/v1/sessions/${sessionId}/samples?format=csv`);
    await first.arrayBuffer();
    const etag = first.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const again = await api(`/api/v1/sessions/${sessionId}/samples?format=csv`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    const refused = await api(`/api/v1/sessions/${sessionId}/samples?format=csv&downsample=100`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "invalid_field", field: "downsample" } });
  });
});

describe("downsample", () => {
  it("reduces the trip to about N rows, keeping its first and last sample and every PID's extremes", async () => {
    const all = await samplesJson("?pids=c,d,ff1001");
    const reduced = await samplesJson("?pids=c,d,ff1001&downsample=60");
    expect(reduced.columns).toEqual(["time", "c", "d", "ff1001"]);
    expect(reduced.rows.length).toBeLessThanOrEqual(62);
    expect(reduced.rows.length).toBeGreaterThan(30);
    expect(reduced.downsample).toEqual({ samples: 526, bucketMs: expect.any(Number) });
    expect(reduced.rows[0]).toEqual(all.rows[0]);
    expect(reduced.rows.at(-1)).toEqual(all.rows.at(-1));
    const times = reduced.rows.map((r) => r[0] as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (let column = 1; column <= 3; column++) {
      const values = (rows: (number | null)[][]) => rows.map((r) => r[column]).filter((v): v is number => v !== null);
      expect(Math.max(...values(reduced.rows))).toBe(Math.max(...values(all.rows)));
      expect(Math.min(...values(reduced.rows))).toBe(Math.min(...values(all.rows)));
    }
  });

  it("gives every sample, and no made-up pause rows, when the range fits", async () => {
    const all = await samplesJson("?pids=c,ff1005");
    const reduced = await samplesJson("?pids=c,ff1005&downsample=1000");
    expect(reduced.downsample).toEqual({ samples: 526, bucketMs: null });
    expect(reduced.rows).toEqual(all.rows);
  });

  it("refuses a point count out of bounds, and units or tz on JSON", async () => {
    for (const [query, field] of [
      ["downsample=1", "downsample"],
      ["downsample=10001", "downsample"],
      ["downsample=abc", "downsample"],
      ["units=display", "units"],
      ["tz=Europe%2FBerlin", "tz"],
    ]) {
      const response = await api(`/api/v1/sessions/${sessionId}/samples?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toMatchObject({ error: { field } });
    }
  });
});
