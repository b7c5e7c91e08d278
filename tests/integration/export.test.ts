/**
 * Downloads through the real server: the zip opens, holds one CSV per session plus index.csv,
 * and every CSV reads back (papaparse) to exactly the stored samples; the fixture trip's file
 * has the app's own columns; single-session CSV/JSON/GPX; bad input answers a clear 4xx.
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { readAllSamples } from "@/lib/samples/read";
import { appendSamples } from "@/lib/samples/write";
import { nameMatchKey, splitTrackLog } from "@/lib/tracklog";
import { canConvert, normaliseUnit, sameUnit } from "@/lib/units";
import { expectCsvIsSession, makeDevice, makeSession } from "../support/export-data";
import { startServer, type TestServer } from "../support/server";
import { FIXTURE_CSV, fixtureTargets, sendAll } from "../support/torque-fixture";
import { unzip, type ZipEntry } from "../support/unzip";
import { makeToken, makeUser } from "../support/users";

let server: TestServer;
let token: string;
let userId: number;
let fixtureSessionId: number;
let synthetic: number[];
let emptySessionId: number;
let foreignSessionId: number;

const LA = "America/Los_Angeles";

const api = (path: string, init: RequestInit & { auth?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set("authorization", `Bearer ${init.auth ?? token}`);
  return fetch(`${server.url}${path}`, { ...init, headers, redirect: "manual" });
};

async function zipOf(query: string): Promise<{ response: Response; entries: ZipEntry[] }> {
  const response = await api(`/api/sessions/export?${query}`);
  expect(response.status, await response.clone().text().catch(() => "")).toBe(200);
  return { response, entries: unzip(Buffer.from(await response.arrayBuffer())) };
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
  const user = await makeUser("export");
  userId = user.id;
  await db().user.update({ where: { id: userId }, data: { timeZone: LA, unitSystem: "imperial" } });
  token = await makeToken(userId, "read");

  // The real trip, uploaded as the phone did.
  const replies = await sendAll(server.port, fixtureTargets(`/api/upload/${await makeToken(userId)}`));
  expect(replies.filter((r) => r.body !== "OK!")).toEqual([]);
  fixtureSessionId = (await db().session.findFirstOrThrow({ where: { userId } })).id;

  // Synthetic trips on other devices: custom names (comma, quotes), awkward numbers, gaps,
  // and two trips that share Torque's session number (same file name but for "-2").
  const device = await makeDevice(userId, "ab".repeat(16), {
    ff5001: { fullName: 'Boost "real", bank 1', defaultUnit: "psi" },
    ff5002: { fullName: "Oil, pressure", defaultUnit: "kPa" },
    5: { fullName: "Engine Coolant Temperature", defaultUnit: "°C" },
  });
  const other = await makeDevice(userId, "cd".repeat(16));
  const t0 = Date.UTC(2024, 2, 31, 0, 59, 58, 7); // around Europe's DST change
  const a = await makeSession(userId, device.id, t0, "Škoda / Octavia");
  await appendSamples(a.id, ["ff1005", "ff1006", "5", "ff5001", "ff5002", "c"], [
    { time: t0, values: [8.123456789012345, 50.1, 55, 1e-7, null, 800] },
    { time: t0 + 1, values: [0, 0, -40.5, 1.5e21, 300, null] },
    { time: t0 + 999, values: [null, null, null, null, null, 12345678901234] },
    { time: t0 + 3_600_000, values: [-179.999999, -89.5, 0.1 + 0.2, -0.000123, 1 / 3, 0] },
  ]);
  const b = await makeSession(userId, other.id, t0);
  await appendSamples(b.id, ["d", "ff1001"], Array.from({ length: 3000 }, (_, i) => ({ time: t0 + i * 100, values: [i % 7 === 0 ? null : i / 10, (i * 7) % 111] })));
  const c = await makeSession(userId, (await makeDevice(userId, "12".repeat(16))).id, t0);
  await appendSamples(c.id, ["c"], [{ time: t0 + 5, values: [900] }]);
  synthetic = [a.id, b.id, c.id];
  emptySessionId = (await makeSession(userId, device.id, t0 + 86_400_000)).id;
  // Most stored trips are packed into chunks (float4/float8 columns); b also gets a later hot row.
  await db().$executeRaw`SELECT finish_bulk_load(${[fixtureSessionId, a.id, b.id]}::int[])`;
  for (const id of [fixtureSessionId, a.id, b.id]) {
    expect([await db().sample.count({ where: { sessionId: id } }), (await db().sampleChunk.count({ where: { sessionId: id } })) > 0]).toEqual([0, true]);
  }
  await appendSamples(b.id, ["d"], [{ time: t0 + 400_000, values: [42.5] }]);

  const stranger = await makeUser("stranger");
  const strangerDevice = await makeDevice(stranger.id, "ef".repeat(16));
  foreignSessionId = (await makeSession(stranger.id, strangerDevice.id, t0)).id;
  await appendSamples(foreignSessionId, ["c"], [{ time: t0, values: [1] }]);
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe("the zip of a selection", () => {
  let zip: { response: Response; entries: ZipEntry[] };
  let fixtureSamples: number;

  beforeAll(async () => {
    zip = await zipOf(`ids=${[fixtureSessionId, ...synthetic, emptySessionId].join(",")}`);
    fixtureSamples = (await db().session.findUniqueOrThrow({ where: { id: fixtureSessionId } })).sampleCount;
  });

  it("is a zip named for the download, announcing its session count", () => {
    expect(zip.response.headers.get("content-type")).toBe("application/zip");
    expect(zip.response.headers.get("content-disposition")).toMatch(/^attachment; filename="torque-sessions_5_\d{4}-\d\d-\d\d_\d{4}\.zip"/);
    expect(zip.response.headers.get("x-export-sessions")).toBe("5");
    expect(zip.response.headers.get("cache-control")).toBe("no-store");
  });

  it("holds one CSV per session with readable, unique names, then index.csv", () => {
    expect(zip.entries.map((e) => e.name)).toEqual([
      "2016-03-29_0658_ManVan_1459259898185.csv",
      "2024-03-30_1759_Škoda-Octavia_1711846798007.csv",
      "2024-03-30_1759_1711846798007.csv",
      "2024-03-30_1759_1711846798007-2.csv", // two phones started a trip in the same millisecond
      "2024-03-31_1759_1711933198007.csv",
      "index.csv",
    ]);
  });

  it("has CSVs that read back to exactly the stored samples (times in the user's zone)", async () => {
    const ids = [fixtureSessionId, ...synthetic, emptySessionId];
    expect(ids).toHaveLength(5);
    for (let i = 0; i < ids.length; i++) await expectCsvIsSession(zip.entries[i].data.toString("utf8"), ids[i], LA);
  });

  it("lists every session in index.csv with its summary", async () => {
    const [header, ...rows] = Papa.parse<string[]>(zip.entries[5].data.toString("utf8"), { skipEmptyLines: true }).data;
    expect(header).toEqual(["file", "session id", "torque session", `start (${LA})`, `end (${LA})`, "duration (s)", "distance (km)", "samples", "vehicle", "device", "name", "notes", "tags"]);
    expect(rows.map((r) => [r[0], r[1], r[7], r[8]])).toEqual([
      [zip.entries[0].name, String(fixtureSessionId), String(fixtureSamples), "ManVan"],
      [zip.entries[1].name, String(synthetic[0]), "4", "Škoda / Octavia"],
      [zip.entries[2].name, String(synthetic[1]), "3001", ""],
      [zip.entries[3].name, String(synthetic[2]), "1", ""],
      [zip.entries[4].name, String(emptySessionId), "0", ""],
    ]);
    expect(rows[0].slice(3, 5)).toEqual(["2016-03-29 06:58:18", expect.stringMatching(/^2016-03-29 07:4\d:\d\d$/)]);
  });

  it("gives the fixture trip the app's own columns: names, order and (stored) units", async () => {
    const ours = splitTrackLog(zip.entries[0].data.toString("utf8")).sections[0];
    const [theirs] = splitTrackLog(readFileSync(FIXTURE_CSV, "utf8")).sections;
    expect(ours.columns.slice(0, 11).map((c) => c.header)).toEqual(theirs.columns.slice(0, 11).map((c) => c.header));
    const named = ours.columns.slice(11).filter((c) => c.name !== "PID ff1007"); // uploaded without a name; not in the app's file
    const positions = named.map((c) => theirs.columns.findIndex((t) => t.name === c.name));
    expect(positions.every((p) => p > 10)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    // The app's columns we lack are PIDs it never had a value for.
    for (const c of theirs.columns.slice(11).filter((t) => !named.some((o) => o.name === t.name))) {
      expect(theirs.rows.every((r) => r[c.index] === "-"), c.header).toBe(true);
    }
    const meta = await db().pidMeta.findMany({ where: { device: { userId } } });
    for (const c of named) {
      const m = meta.find((x) => x.fullName !== null && nameMatchKey(x.fullName) === nameMatchKey(c.name));
      expect(c.unit ?? "", c.header).toBe(normaliseUnit(m?.defaultUnit ?? ""));
      const theirUnit = theirs.columns.find((t) => t.name === c.name)?.unit ?? "";
      expect(sameUnit(c.unit ?? "", theirUnit) || canConvert(theirUnit, c.unit ?? ""), `${c.header} vs ${theirUnit}`).toBe(true);
    }
    expect(named.find((c) => c.name === "Engine Coolant Temperature")?.unit).toBe("°C"); // °F in the app's file
  });
});

describe("options", () => {
  it("writes the user's display units and another zone when asked", async () => {
    const { entries } = await zipOf(`ids=${synthetic[0]}&units=display&tz=Europe/Berlin`);
    const [header, first] = Papa.parse<string[]>(entries[0].data.toString("utf8"), { skipEmptyLines: true }).data;
    expect(entries[0].name).toBe("2024-03-31_0159_Škoda-Octavia_1711846798007.csv");
    expect(header).toContain("Engine Coolant Temperature(°F)");
    expect(header).toContain('Boost "real"  bank 1(psi)');
    expect(first[1]).toBe("31-Mar-2024 01:59:58.007");
    expect(first[0]).toBe("Sun Mar 31 01:59:58 CET 2024");
    expect(Number(first[header.indexOf("Engine Coolant Temperature(°F)")])).toBeCloseTo(131, 9);
  });

  it("refuses an unknown zone or unit choice with 400 naming the field", async () => {
    for (const [query, field] of [["tz=Mars/Base", "tz"], ["units=furlongs", "units"], ["job=a b", "job"]]) {
      const r = await api(`/api/sessions/export?ids=${synthetic[0]}&${query}`);
      expect(r.status).toBe(400);
      expect((await r.json()).error.field).toBe(field);
    }
  });
});

describe("one session", () => {
  it("downloads as the same CSV as in the zip", async () => {
    const r = await api(`/api/sessions/${synthetic[0]}/download`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toContain("filename*=UTF-8''2024-03-30_1759_%C5%A0koda-Octavia_1711846798007.csv");
    const { entries } = await zipOf(`ids=${synthetic[0]}`);
    expect(await r.text()).toBe(entries[0].data.toString("utf8"));
  });

  it("downloads as JSON with the same values", async () => {
    const r = await api(`/api/sessions/${synthetic[0]}/download?format=json&tz=UTC`);
    expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const doc = await r.json();
    const stored = await readAllSamples(synthetic[0]);
    expect(doc.session).toMatchObject({ id: synthetic[0], vehicle: "Škoda / Octavia", sampleCount: 4 });
    expect(doc.samples).toHaveLength(4);
    doc.samples.forEach((s: { time: string; values: (number | null)[] }, i: number) => {
      expect(Date.parse(s.time)).toBe(stored.rows[i].time);
      doc.columns.forEach((c: { key: string }, j: number) => expect(s.values[j]).toBe(stored.rows[i].values[stored.keys.indexOf(c.key)]));
    });
  });

  it("downloads its GPS track as GPX without the no-fix points", async () => {
    const r = await api(`/api/sessions/${synthetic[0]}/download?format=gpx`);
    expect(r.headers.get("content-disposition")).toContain(".gpx");
    const gpx = await r.text();
    expect(gpx).toContain('<gpx version="1.1"');
    expect(gpx.match(/<trkpt /g)).toHaveLength(2); // 0,0 and the sample without a position are left out
    expect(gpx).toContain(`<trkpt lat="50.1" lon="${8.123456789012345}"><time>2024-03-31T00:59:58.007Z</time></trkpt>`);
  });

  it("is 404 for another user's session, a missing one and a non-id, like any unknown", async () => {
    for (const id of [foreignSessionId, 2_000_000_000, "abc", "0"]) {
      const r = await api(`/api/sessions/${id}/download`);
      expect(r.status).toBe(404);
      expect((await r.json()).error.code).toBe("not_found");
    }
  });
});

describe("bad input", () => {
  it("refuses an empty selection with 400", async () => {
    for (const query of ["", "ids=", "ids=,"]) {
      const r = await api(`/api/sessions/export?${query}`);
      expect(r.status).toBe(400);
      expect((await r.json()).error).toMatchObject({ field: "ids", message: "Select at least one session to download." });
    }
    const post = await api("/api/sessions/export", { method: "POST", body: JSON.stringify({ sessionIds: [] }), headers: { "content-type": "application/json" } });
    expect(post.status).toBe(400);
  });

  it("refuses another user's session (404, like a missing one) before sending anything", async () => {
    const r = await api(`/api/sessions/export?ids=${synthetic[0]},${foreignSessionId}`);
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toContain("application/json");
    expect((await r.json()).error.message).toBe(`No such session: ${foreignSessionId}.`);
    expect((await api(`/api/sessions/export?ids=999999999`)).status).toBe(404);
  });

  it("refuses more than 5,000 ids with 413 pointing to the filter", async () => {
    const ids = Array.from({ length: 5001 }, (_, i) => i + 1).join(",");
    const r = await api("/api/sessions/export", { method: "POST", body: JSON.stringify({ sessionIds: ids.split(",").map(Number) }), headers: { "content-type": "application/json" } });
    expect(r.status).toBe(413);
    expect((await r.json()).error.message).toMatch(/At most 5,000 session ids.*filter/);
    expect((await api(`/api/sessions/export?ids=${ids}`)).status).toBe(413);
  });

  it("refuses malformed ids and bodies with 400, and no credentials with 401", async () => {
    expect((await api(`/api/sessions/export?ids=1,two`)).status).toBe(400);
    const bad = await api("/api/sessions/export", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect((await api(`/api/sessions/export?ids=${synthetic[0]}`, { auth: null })).status).toBe(401);
    expect((await api(`/api/sessions/export?ids=${synthetic[0]}`, { auth: await makeToken(userId, "upload") })).status).toBe(401);
  });

  it("takes the ids as a JSON body too", async () => {
    const r = await api("/api/sessions/export", { method: "POST", body: JSON.stringify({ sessionIds: [synthetic[1]], tz: "UTC" }), headers: { "content-type": "application/json" } });
    expect(r.status).toBe(200);
    expect(unzip(Buffer.from(await r.arrayBuffer())).map((e) => e.name)).toEqual(["2024-03-31_0059_1711846798007.csv", "index.csv"]);
  });
});

describe("all sessions matching the list's filter", () => {
  it("downloads every match, however many, given the filter instead of ids", async () => {
    const r = await api("/api/sessions/export?all=1&q=Octavia&tz=UTC");
    expect(r.status).toBe(200);
    expect(r.headers.get("x-export-sessions")).toBe("1");
    expect(unzip(Buffer.from(await r.arrayBuffer())).map((e) => e.name)).toEqual(["2024-03-31_0059_Škoda-Octavia_1711846798007.csv", "index.csv"]);
    const many = await db().session.findMany({ where: { userId, sampleCount: { gte: 2 } }, select: { id: true } });
    expect(many.length).toBe(3);
    const post = await api("/api/sessions/export", { method: "POST", body: JSON.stringify({ filter: { minSamples: 2 } }), headers: { "content-type": "application/json" } });
    expect(post.headers.get("x-export-sessions")).toBe(String(many.length));
    const index = unzip(Buffer.from(await post.arrayBuffer())).find((e) => e.name === "index.csv");
    const listed = Papa.parse<string[]>(index?.data.toString("utf8") ?? "", { skipEmptyLines: true }).data.slice(1).map((row) => Number(row[1]));
    expect(listed.sort((a, b) => a - b)).toEqual(many.map((m) => m.id).sort((a, b) => a - b));
  });

  it("refuses a filter that matches nothing, a bad filter, and a body with both or neither", async () => {
    const none = await api("/api/sessions/export?all=1&q=no-such-trip-anywhere");
    expect(none.status).toBe(400);
    expect((await none.json()).error.message).toMatch(/No session matches/);
    expect((await api("/api/sessions/export?all=1&minSamples=-5")).status).toBe(400);
    const json = { "content-type": "application/json" };
    expect((await api("/api/sessions/export", { method: "POST", body: JSON.stringify({}), headers: json })).status).toBe(400);
    expect((await api("/api/sessions/export", { method: "POST", body: JSON.stringify({ sessionIds: [1], filter: {} }), headers: json })).status).toBe(400);
  });
});

describe("the session list's form target /sessions/download", () => {
  it("sends the zip for ids=…&ids=…", async () => {
    const r = await api(`/sessions/download?ids=${synthetic[0]}&ids=${synthetic[1]}`);
    expect(r.status).toBe(200);
    expect(unzip(Buffer.from(await r.arrayBuffer()))).toHaveLength(3);
  });

  it("explains a failure on a page and sends strangers to sign in", async () => {
    const r = await api(`/sessions/download?ids=${foreignSessionId}`);
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await r.text()).toContain(`No such session: ${foreignSessionId}.`);
    const anonymous = await api(`/sessions/download?ids=${synthetic[0]}`, { auth: null });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toMatch(/\/signin$/);
  });
});
