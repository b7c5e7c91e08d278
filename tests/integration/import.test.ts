import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { customPidKey } from "@/lib/import/columns";
import type { FileImportReport, ImportResponse } from "@/lib/import/report";
import { readAllSamples } from "@/lib/samples/read";
import { startServer, type TestServer } from "../support/server";
import { FIXTURE_CSV, FIXTURE_DEVICE, fixtureTargets, sendAll } from "../support/torque-fixture";
import { makeToken, makeUser } from "../support/users";

const MAX_BYTES = 4 * 1024 * 1024; // the fixture CSV is 2.6 MB
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl"), env: { IMPORT_MAX_BYTES: String(MAX_BYTES) } });
});
afterAll(async () => {
  await server?.stop();
});

type Part = { name: string; content: string | Uint8Array<ArrayBuffer> };

async function postImport(token: string | null, files: Part[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("file", new Blob([f.content]), f.name);
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const response = await fetch(`${server.url}/api/v1/imports`, { method: "POST", body: form, headers });
  return { status: response.status, body: (await response.json()) as ImportResponse & { error?: { code: string; message: string } } };
}

const HEADER = "GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G),Engine RPM(rpm),Boost Controller Duty(%)";
function smallTrip(day: number, rows = 20): string {
  const lines = [HEADER];
  const two = (n: number) => String(n).padStart(2, "0");
  for (let i = 0; i < rows; i++) {
    // Wall time (Device Time has no zone): 10:00:00.250 on that day, one row a second.
    const t = new Date(Date.UTC(2020, 0, day, 10, 0, i, 250));
    const wall = `${two(t.getUTCDate())}-Jan-2020 ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}.250`;
    lines.push(`-,${wall},13.4,52.5,${30 + (i % 50)},4,35,90,0.9,0.1,0.2,${1500 + i},${i % 100}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("importing the fixture trip's own CSV after its uploads", () => {
  let userId: number;
  let apiToken: string;
  let sessionId: number;
  let deviceId: number;
  let uploadTimes: Set<number>;
  let first: FileImportReport;
  const csv = new Uint8Array(readFileSync(FIXTURE_CSV));
  const csvText = new TextDecoder().decode(csv);

  beforeAll(async () => {
    const user = await makeUser("import");
    userId = user.id;
    apiToken = await makeToken(userId, "read_write");
    const uploadToken = await makeToken(userId, "upload");
    const targets = fixtureTargets(`/api/upload/${uploadToken}`);
    const replies = await sendAll(server.port, targets);
    expect(replies.filter((r) => r.status !== 200)).toEqual([]);
    const session = await db().session.findFirstOrThrow({ where: { userId }, include: { device: true } });
    expect(session.device.torqueId).toBe(FIXTURE_DEVICE);
    sessionId = session.id;
    deviceId = session.deviceId;
    uploadTimes = new Set((await readAllSamples(sessionId)).rows.map((r) => r.time));
    const { status, body } = await postImport(apiToken, [{ name: "trackLog.csv", content: csv }], { deviceId: String(deviceId), timeZone: "America/Los_Angeles" });
    expect(status).toBe(200);
    first = body.files[0];
  });

  it("goes into the uploaded session: every CSV row is a new sample beside the uploaded ones", async () => {
    expect(first.error).toBeUndefined();
    expect(first.sessions).toHaveLength(1);
    expect(first.sessions[0]).toMatchObject({ id: sessionId, status: "merged", rowsRead: 2580, samplesInserted: 2580, samplesMerged: 0, samplesUnchanged: 0 });
    expect(first.rowsRejectedCount).toBe(0);
    expect(first.columnsUnknown).toEqual(["Gravity X", "Gravity Y", "Gravity Z"]);
    expect(first.columnsSkipped).toEqual([]);
    expect(await db().session.count({ where: { userId } })).toBe(1);
    const session = await db().session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.sampleCount).toBe(uploadTimes.size + 2580);
  });

  it("stores the CSV's °F coolant as °C, between the uploaded neighbours", async () => {
    const { keys, rows } = await readAllSamples(sessionId);
    const coolant = keys.indexOf("5");
    const header = csvText.split("\n")[0].split(",").map((c) => c.trim());
    const fahrenheit = header.indexOf("Engine Coolant Temperature(°F)");
    // Device Time of the trip is PDT (UTC-7) all along: "29-Mar-2016 06:58:18.846" -> 13:58:18.846Z.
    const byTime = new Map<number, string[]>();
    for (const line of csvText.trim().split("\n").slice(1)) {
      const cells = line.split(",");
      const [, h, m, sec, ms] = /^29-Mar-2016 (\d\d):(\d\d):(\d\d)\.(\d{3})$/.exec(cells[1]) ?? [];
      byTime.set(Date.UTC(2016, 2, 29, Number(h) + 7, Number(m), Number(sec), Number(ms)), cells);
    }
    const uploaded = rows.filter((r) => uploadTimes.has(r.time) && r.values[coolant] !== null);
    expect(uploaded.length).toBeGreaterThan(400);
    let checked = 0;
    let strictlyBetween = 0;
    for (const row of rows) {
      if (uploadTimes.has(row.time) || row.values[coolant] === null) continue;
      const value = row.values[coolant] ?? NaN;
      const line = byTime.get(row.time);
      expect(line, `CSV row for ${new Date(row.time).toISOString()}`).toBeDefined();
      expect(value).toBeCloseTo((Number(line?.[fahrenheit]) - 32) / 1.8, 9);
      // OBD reports coolant in whole °C (as the uploads store it): °F and back lands on one.
      expect(Math.abs(value - Math.round(value))).toBeLessThan(1e-4);
      const before = uploaded.filter((u) => u.time < row.time).at(-1);
      const after = uploaded.find((u) => u.time > row.time);
      if (!before || !after) continue;
      const low = Math.min(before.values[coolant] ?? NaN, after.values[coolant] ?? NaN);
      const high = Math.max(before.values[coolant] ?? NaN, after.values[coolant] ?? NaN);
      checked++;
      if (value >= low - 1e-4 && value <= high + 1e-4) strictlyBetween++;
      // Within the 5 s between two uploads the reading may tick one step and back.
      expect(value).toBeGreaterThanOrEqual(low - 1 - 1e-4);
      expect(value).toBeLessThanOrEqual(high + 1 + 1e-4);
    }
    expect(checked).toBe(2571);
    expect(strictlyBetween).toBe(2559);
  });

  it("adds nothing when the same file is imported again", async () => {
    const { body } = await postImport(apiToken, [{ name: "again.csv", content: csv }], { deviceId: String(deviceId), timeZone: "America/Los_Angeles" });
    expect(body.files[0].sessions).toEqual([expect.objectContaining({ id: sessionId, status: "merged", samplesInserted: 0, samplesMerged: 0, samplesUnchanged: 2580 })]);
    const session = await db().session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.sampleCount).toBe(uploadTimes.size + 2580);
  });
});

describe("POST /api/v1/imports with good and bad files together", () => {
  let userId: number;
  let token: string;
  beforeAll(async () => {
    userId = (await makeUser("import-bad")).id;
    token = await makeToken(userId, "read_write");
  });

  it("imports the good file into the user's Imported device and refuses each bad one with its reason", async () => {
    const misaligned = `${HEADER}\n1,2,3\n${smallTrip(3).split("\n").slice(1).join("\n")}`;
    const { status, body } = await postImport(token, [
      { name: "notes.txt", content: "Shopping list: milk, eggs\nbread\n" },
      { name: "photo.csv", content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]) },
      { name: "good.csv", content: smallTrip(1) },
      { name: "header-only.csv", content: `${HEADER}\n` },
      { name: "misaligned.csv", content: misaligned },
      { name: "huge-line.csv", content: `${HEADER}\n${"1,".repeat(200_000)}\n` },
      { name: "nul.csv", content: new Uint8Array([0x47, 0x50, 0x53, 0, 0x20]) },
    ], { timeZone: "Europe/Berlin" });
    expect(status).toBe(200);
    const byName = Object.fromEntries(body.files.map((f) => [f.file, f]));
    expect(byName["notes.txt"].error).toMatch(/No Torque log header found/);
    expect(byName["photo.csv"].error).toMatch(/PNG image/);
    expect(byName["header-only.csv"].error).toMatch(/no data rows/);
    expect(byName["misaligned.csv"].error).toMatch(/Line 2 does not line up/);
    expect(byName["huge-line.csv"].error).toMatch(/Line 2 is longer than 256 KB/);
    expect(byName["nul.csv"].error).toMatch(/NUL bytes/);
    const good = byName["good.csv"];
    expect(good.error).toBeUndefined();
    expect(good.sessions).toEqual([expect.objectContaining({ status: "created", rowsRead: 20, samplesInserted: 20, firstTime: "2020-01-01T09:00:00.250Z" })]);
    expect(good.columnsUnknown).toEqual(["Gravity X", "Gravity Y", "Gravity Z", "Boost Controller Duty"]);

    const sessions = await db().session.findMany({ where: { userId }, include: { device: true } });
    expect(sessions.map((s) => [s.id, s.device.nickname, s.sampleCount])).toEqual([[good.sessions[0].id, "Imported", 20]]);
    // An old trip must not look live in lists: its "last upload" is its own end.
    expect(sessions[0].lastUploadAt.toISOString()).toBe(good.sessions[0].lastTime);
    const duty = await db().pidMeta.findUniqueOrThrow({ where: { deviceId_key: { deviceId: sessions[0].deviceId, key: customPidKey("Boost Controller Duty") } } });
    expect([duty.fullName, duty.defaultUnit]).toEqual(["Boost Controller Duty", "%"]);
    expect((await db().pidMeta.findUniqueOrThrow({ where: { deviceId_key: { deviceId: sessions[0].deviceId, key: "c" } } })).fullName).toBe("Engine RPM");
  });

  it("turns two headers in one file into two trips", async () => {
    const { body } = await postImport(token, [{ name: "two.csv", content: smallTrip(5) + smallTrip(6) }]);
    expect(body.files[0].sessions.map((s) => [s.status, s.rowsRead])).toEqual([["created", 20], ["created", 20]]);
  });

  it("puts a trip logged twice under two headers into one session, adding nothing the second time", async () => {
    const { body } = await postImport(token, [{ name: "twice.csv", content: smallTrip(9) + smallTrip(9) }]);
    expect(body.files[0].sessions).toEqual([expect.objectContaining({ status: "created", rowsRead: 40, samplesInserted: 20, samplesUnchanged: 20 })]);
  });

  it("answers 413 for a file over IMPORT_MAX_BYTES and imports nothing of the request", async () => {
    const before = await db().session.count({ where: { userId } });
    const { status, body } = await postImport(token, [
      { name: "small.csv", content: smallTrip(7) },
      { name: "big.csv", content: new Uint8Array(MAX_BYTES + 1).fill(0x31) },
    ]);
    expect(status).toBe(413);
    expect(body.error?.message).toMatch(/big\.csv is larger than the import limit of 4 MB/);
    expect(await db().session.count({ where: { userId } })).toBe(before);
  });

  it("checks who asks and what for", async () => {
    expect((await postImport(null, [{ name: "a.csv", content: smallTrip(8) }])).status).toBe(401);
    expect((await postImport(await makeToken(userId, "read"), [{ name: "a.csv", content: smallTrip(8) }])).status).toBe(403);
    const other = await makeUser("import-other");
    const { status, body } = await postImport(await makeToken(other.id, "read_write"), [{ name: "a.csv", content: smallTrip(8) }], {
      deviceId: String((await db().device.findFirstOrThrow({ where: { userId } })).id),
    });
    expect([status, body.error?.code]).toEqual([404, "not_found"]);
    const zone = await postImport(token, [{ name: "a.csv", content: smallTrip(8) }], { timeZone: "Mars/Olympus" });
    expect([zone.status, zone.body.error?.code]).toEqual([400, "invalid_field"]);
    const none = await postImport(token, []);
    expect([none.status, none.body.error?.message]).toEqual([400, 'No file: send one or more files in fields named "file".']);
  });
});

describe("a failure part-way through writing a file", () => {
  it("leaves nothing of that file behind: no device, no session, no samples", async () => {
    const { analyseTrackLog } = await import("@/lib/import/analyse");
    const { buildCatalogue } = await import("@/lib/import/columns");
    const { writeTrackLog } = await import("@/lib/import/store");
    const userId = (await makeUser("import-rollback")).id;
    const bytes = new TextEncoder().encode(smallTrip(1, 5000));
    const options = { timeZone: "UTC", nowMs: Date.now(), maxLineBytes: 65536 };
    const analysis = await analyseTrackLog(async function* () {
      yield bytes;
    }, { ...options, catalogue: buildCatalogue([], null) });
    expect(analysis.sections[0].rowsUsed).toBe(5000);
    // The second read breaks after ~4,000 rows: several batches have been written by then.
    const failing = async function* () {
      const cut = bytes.length * 0.8;
      yield bytes.subarray(0, cut);
      throw new Error("disk read error");
    };
    await expect(writeTrackLog(failing, analysis, { ...options, userId, deviceId: null })).rejects.toThrow("disk read error");
    expect(await db().device.count({ where: { userId } })).toBe(0);
    expect(await db().session.count({ where: { userId } })).toBe(0);
  });
});
