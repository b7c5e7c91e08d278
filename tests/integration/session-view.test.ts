import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { Downsampler } from "@/lib/samples/downsample";
import { iterateSamples, readAllSamples } from "@/lib/samples/read";
import { appendSamples } from "@/lib/samples/write";
import { chartData } from "@/lib/sessions/chart-data";
import { deleteSession, splitSession, trimSession } from "@/lib/sessions/edit";
import { sweepIdleSessions } from "@/lib/sessions/idle-sweeper";
import { refreshSessionSummary } from "@/lib/sessions/summary";
import { parseSessionSummary } from "@/lib/sessions/summary-shape";
import { trackData } from "@/lib/sessions/track-data";
import { startServer, type TestServer } from "../support/server";
import { FIXTURE_CSV, FIXTURE_SESSION, fixtureTargets, rawGet, sendAll } from "../support/torque-fixture";
import { makeToken, makeUser } from "../support/users";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl"), env: { IDLE_SWEEPER: "off" } });
});
afterAll(async () => {
  await server?.stop();
});

/** The app's own CSV export of the fixture trip, read independently of the server's code. */
function readFixtureCsv() {
  const lines = readFileSync(FIXTURE_CSV, "utf8").trim().split("\n");
  const header = lines[0].split(",").map((c) => c.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i;
  };
  const [time, obdSpeed, trip, lat, lon, moving, stationary, fuel] = [
    "Device Time",
    "Speed (OBD)(km/h)",
    "Trip Distance(km)",
    "GPS Latitude(°)",
    "GPS Longitude(°)",
    "Trip time(whilst moving)(s)",
    "Trip time(whilst stationary)(s)",
    "Fuel used (trip)(l)",
  ].map(col);
  const num = (cell: string) => (cell === undefined || cell.trim() === "-" || cell.trim() === "" ? null : Number(cell));
  return lines.slice(1).map((line) => {
    const cells = line.split(",");
    const m = cells[time].match(/^(\d+)-Mar-(\d+) (\d+):(\d+):(\d+)\.(\d+)$/)!;
    // The phone was in US Pacific daylight time (UTC-7) on 2016-03-29.
    return {
      t: Date.UTC(+m[2], 2, +m[1], +m[3] + 7, +m[4], +m[5], +m[6]),
      speed: num(cells[obdSpeed]),
      trip: num(cells[trip]),
      lat: num(cells[lat]),
      lon: num(cells[lon]),
      movingS: num(cells[moving]),
      stationaryS: num(cells[stationary]),
      fuel: num(cells[fuel]),
    };
  });
}

async function makeSession(userId: number, torqueSession = Date.UTC(2024, 0, 1)) {
  const device = await db().device.upsert({
    where: { userId_torqueId: { userId, torqueId: "cd".repeat(16) } },
    create: { userId, torqueId: "cd".repeat(16) },
    update: {},
  });
  return db().session.create({
    data: { userId, deviceId: device.id, torqueSession: BigInt(torqueSession), startedAt: new Date(torqueSession) },
  });
}

describe("the fixture trip, uploaded through the real server", () => {
  let sessionId: number;
  let userId: number;

  beforeAll(async () => {
    const user = await makeUser("view-fixture");
    userId = user.id;
    const token = await makeToken(user.id);
    const replies = await sendAll(server.port, fixtureTargets(`/api/upload/${token}`), 4);
    expect(replies.filter((r) => r.body !== "OK!")).toEqual([]);
    const session = await db().session.findFirstOrThrow({ where: { userId } });
    sessionId = session.id;
    await refreshSessionSummary(sessionId);
  });

  it("has the distance, duration and top speed the app's own CSV shows", async () => {
    const csv = readFixtureCsv();
    const s = await db().session.findUniqueOrThrow({ where: { id: sessionId } });
    const trips = csv.map((r) => r.trip).filter((v): v is number => v !== null && v > 0);
    const csvTripKm = trips[trips.length - 1] - trips[0];
    const csvMaxSpeed = Math.max(...csv.map((r) => r.speed ?? 0));
    const csvDurationS = (csv[csv.length - 1].t - FIXTURE_SESSION) / 1000;
    // Uploads come every 5 s, the CSV every second: the server sees a subset of the same trip.
    expect(s.distanceKm).toBeGreaterThan(csvTripKm - 0.05);
    expect(s.distanceKm).toBeLessThanOrEqual(csvTripKm + 0.01);
    expect(s.durationS).toBeGreaterThan(csvDurationS - 6);
    expect(s.durationS).toBeLessThan(csvDurationS + 6);
    expect(s.maxSpeedKmh).toBeLessThanOrEqual(csvMaxSpeed);
    expect(s.maxSpeedKmh).toBeGreaterThan(csvMaxSpeed - 4);

    const summary = parseSessionSummary(s.summary);
    expect(summary).not.toBeNull();
    expect(summary!.speedKey).toBe("d");
    // GPS length from the CSV's once-a-second fixes (haversine), against the server's 5 s fixes.
    let gpsKm = 0;
    const fixes = csv.filter((r) => r.lat && r.lon);
    for (let i = 1; i < fixes.length; i++) {
      const [a, b] = [fixes[i - 1], fixes[i]];
      const rad = Math.PI / 180;
      const h = Math.sin(((b.lat! - a.lat!) * rad) / 2) ** 2 + Math.cos(a.lat! * rad) * Math.cos(b.lat! * rad) * Math.sin(((b.lon! - a.lon!) * rad) / 2) ** 2;
      gpsKm += 2 * 6371.0088 * Math.asin(Math.sqrt(h));
    }
    expect(summary!.gpsDistanceKm).toBeGreaterThan(gpsKm * 0.99);
    expect(summary!.gpsDistanceKm).toBeLessThan(gpsKm * 1.01);
    // Torque's own moving / stationary clocks at the end of the trip.
    const last = csv[csv.length - 1];
    expect(summary!.movingS).toBeGreaterThan(last.movingS! * 0.99);
    expect(summary!.movingS).toBeLessThan(last.movingS! * 1.01);
    expect(Math.abs(summary!.stationaryS! - last.stationaryS!)).toBeLessThan(10);
    expect(summary!.movingS! + summary!.stationaryS!).toBeLessThanOrEqual(s.durationS!);
    expect(summary!.fuelUsedL).toBeCloseTo(Math.max(...csv.map((r) => r.fuel ?? 0)), 6);
    expect(summary!.economySource).toBe("fuel-distance");
    expect(summary!.economyL100km).toBeCloseTo((summary!.fuelUsedL! / s.distanceKm!) * 100, 6);
    // Per-PID statistics: ordered, and the maximum of speed is the session's top speed.
    const speed = summary!.pids.d;
    expect(speed.max).toBe(s.maxSpeedKmh);
    expect(speed.min).toBeLessThanOrEqual(speed.p50);
    expect(speed.p50).toBeLessThanOrEqual(speed.p95);
    expect(speed.p95).toBeLessThanOrEqual(speed.max);
  });

  it("draws the whole trip raw (it fits the chart) and the track without the 0,0 fixes", async () => {
    const chart = await chartData(userId, sessionId, { pids: ["d", "c", "nothere"], points: 1000 });
    expect(chart.raw).toBe(true);
    expect(chart.pids.map((p) => p.key)).toEqual(["d", "c"]);
    expect(chart.pids[0]).toMatchObject({ name: "Speed (OBD)", unit: "km/h" });
    expect(chart.t.length - chart.breaks.length).toBe(chart.total);
    const track = await trackData(userId, sessionId, { points: 2000 });
    expect(track.color?.key).toBe("d");
    expect(track.t.length).toBeGreaterThan(400);
    expect(track.lat.every((v) => v !== 0)).toBe(true);
  });

  it("is not found for another user", async () => {
    const other = await makeUser("view-other");
    await expect(chartData(other.id, sessionId, { pids: ["d"], points: 100 })).rejects.toMatchObject({ status: 404 });
    await expect(trackData(other.id, sessionId, { points: 100 })).rejects.toMatchObject({ status: 404 });
  });
});

describe("chartData on a long session", () => {
  let userId: number;
  let sessionId: number;
  const t0 = Date.UTC(2024, 2, 1, 8);
  const N = 20_000;

  beforeAll(async () => {
    const user = await makeUser("view-long");
    userId = user.id;
    const session = await makeSession(user.id, t0);
    sessionId = session.id;
    // 10 Hz, with a 10-minute pause in the middle and a spike; rpm only every other sample.
    const rows = Array.from({ length: N }, (_, i) => {
      const time = t0 + i * 100 + (i >= N / 2 ? 600_000 : 0);
      return { time, values: [60 + 40 * Math.sin(i / 500) + (i === 12_345 ? 200 : 0), i % 2 === 0 ? 800 + i / 10 : null] };
    });
    await appendSamples(sessionId, ["d", "c"], rows);
  });

  it("keeps within the point budget, keeps extremes, first and last, and breaks at the pause", async () => {
    const chart = await chartData(userId, sessionId, { pids: ["d", "c"], points: 800 });
    expect(chart.raw).toBe(false);
    expect(chart.total).toBe(N);
    expect(chart.t.length - chart.breaks.length).toBeLessThanOrEqual(802);
    const speeds = chart.series.d.filter((v): v is number => v !== null);
    expect(Math.max(...speeds)).toBeCloseTo(60 + 40 * Math.sin(12_345 / 500) + 200, 9);
    expect(chart.t[0]).toBe(t0);
    expect(chart.t.at(-1)).toBe(t0 + (N - 1) * 100 + 600_000);
    expect(chart.breaks).toHaveLength(1);
    expect(JSON.stringify(chart).length).toBeLessThan(150_000);
  });

  it("gives the same answer as the streaming reference downsampler", async () => {
    const fromMs = t0 + 60_000;
    const toMs = t0 + 900_000;
    const chart = await chartData(userId, sessionId, { pids: ["d", "c"], fromMs, toMs, points: 300 });
    const reference = new Downsampler(fromMs, toMs, 300, 2);
    for await (const batch of iterateSamples(sessionId, { fromMs, toMs })) for (const row of batch.rows) reference.add(row);
    const expected = reference.result();
    expect(chart.t).toEqual(expected.t);
    expect(chart.breaks).toEqual(expected.breaks);
    expect(chart.series.d).toEqual(expected.series[0]);
    expect(chart.series.c).toEqual(expected.series[1]);
  });

  it("summarises it: exact extremes and mean, percentiles from an even subset", async () => {
    await refreshSessionSummary(sessionId);
    const s = await db().session.findUniqueOrThrow({ where: { id: sessionId } });
    const stats = parseSessionSummary(s.summary)!.pids;
    const speeds = Array.from({ length: N }, (_, i) => 60 + 40 * Math.sin(i / 500) + (i === 12_345 ? 200 : 0)).sort((a, b) => a - b);
    expect(stats.d.n).toBe(N);
    expect(stats.d.max).toBeCloseTo(speeds[N - 1], 9);
    expect(stats.d.min).toBeCloseTo(speeds[0], 9);
    expect(stats.d.mean).toBeCloseTo(speeds.reduce((a, b) => a + b, 0) / N, 6);
    expect(Math.abs(stats.d.p50 - speeds[N / 2])).toBeLessThan(1);
    expect(Math.abs(stats.d.p95 - speeds[Math.floor(N * 0.95)])).toBeLessThan(1);
    expect(stats.c.n).toBe(N / 2);
  });

  it("returns the raw samples once zoomed in far enough", async () => {
    const chart = await chartData(userId, sessionId, { pids: ["c"], fromMs: t0, toMs: t0 + 9_999, points: 500 });
    expect(chart.raw).toBe(true);
    expect(chart.t).toHaveLength(100);
    expect(chart.series.c.filter((v) => v !== null)).toHaveLength(50);
  });
});

describe("edits keep the counts right", () => {
  const t0 = Date.UTC(2024, 4, 1, 12);
  async function sessionWith(n: number) {
    const user = await makeUser("view-edit");
    const session = await makeSession(user.id, t0);
    // Torque's trip counters (distance, fuel) grow from the trip's start.
    await appendSamples(session.id, ["d", "ff1204", "ff1271"], Array.from({ length: n }, (_, i) => ({ time: t0 + i * 1000, values: [i % 50, i / 100, i / 1000] })));
    await refreshSessionSummary(session.id);
    return { userId: user.id, sessionId: session.id };
  }

  it("trim deletes outside the range and moves the start", async () => {
    const { userId, sessionId } = await sessionWith(100);
    const result = await trimSession(userId, sessionId, { startMs: t0 + 10_000, endMs: t0 + 89_000 });
    expect(result).toEqual({ deleted: 20, remaining: 80 });
    const s = await db().session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(s.sampleCount).toBe(80);
    expect(s.startedAt.getTime()).toBe(t0 + 10_000);
    expect(s.durationS).toBe(79);
    expect(s.distanceKm).toBeCloseTo(0.79, 9);
    expect((await readAllSamples(sessionId)).rows).toHaveLength(80);
    await expect(trimSession(userId, sessionId, { startMs: t0 + 500_000 })).rejects.toMatchObject({ status: 400 });
  });

  it("split moves the later samples to a new session of the same device", async () => {
    const { userId, sessionId } = await sessionWith(100);
    const { newSessionId, moved } = await splitSession(userId, sessionId, t0 + 60_000);
    expect(moved).toBe(40);
    const [a, b] = await Promise.all([
      db().session.findUniqueOrThrow({ where: { id: sessionId } }),
      db().session.findUniqueOrThrow({ where: { id: newSessionId } }),
    ]);
    expect([a.sampleCount, b.sampleCount]).toEqual([60, 40]);
    expect(b.deviceId).toBe(a.deviceId);
    expect(b.torqueSession).toBe(BigInt(t0 + 60_000));
    expect(b.userId).toBe(userId);
    expect(a.endedAt?.getTime()).toBe(t0 + 59_000);
    expect(b.endedAt?.getTime()).toBe(t0 + 99_000);
    const rows = (await readAllSamples(newSessionId)).rows;
    expect(rows[0]).toEqual({ time: t0 + 60_000, values: [10, 0.6, 0.06] });
    // Each part counts its own distance and fuel, though the counters run on across the split.
    expect(a.distanceKm).toBeCloseTo(0.58, 9);
    expect(b.distanceKm).toBeCloseTo(0.39, 9);
    expect(a.fuelUsedL).toBeCloseTo(0.059, 9);
    expect(b.fuelUsedL).toBeCloseTo(0.039, 9);
    await expect(splitSession(userId, sessionId, t0 + 999_000)).rejects.toMatchObject({ status: 400 });
  });

  it("delete removes the session and its samples; others' ids are not found", async () => {
    const { userId, sessionId } = await sessionWith(10);
    const stranger = await makeUser("view-stranger");
    await expect(deleteSession(stranger.id, sessionId)).rejects.toMatchObject({ status: 404 });
    await expect(trimSession(stranger.id, sessionId, { startMs: t0 })).rejects.toMatchObject({ status: 404 });
    await deleteSession(userId, sessionId);
    expect(await db().session.count({ where: { id: sessionId } })).toBe(0);
    expect(await db().sample.count({ where: { sessionId } })).toBe(0);
  });
});

describe("the idle sweeper", () => {
  it("summarises sessions two minutes after their last upload, and again after new data", async () => {
    const user = await makeUser("view-idle");
    const idle = await makeSession(user.id, Date.UTC(2024, 6, 1));
    const busy = await makeSession(user.id, Date.UTC(2024, 6, 2));
    for (const s of [idle, busy]) await appendSamples(s.id, ["d"], [{ time: s.startedAt.getTime() + 1000, values: [42] }]);
    await db().session.update({ where: { id: idle.id }, data: { lastUploadAt: new Date(Date.now() - 180_000) } });
    const done = await sweepIdleSessions(1000);
    expect(done).toContain(idle.id);
    expect(done).not.toContain(busy.id);
    expect(parseSessionSummary((await db().session.findUniqueOrThrow({ where: { id: idle.id } })).summary)?.pids.d.max).toBe(42);
    expect(await sweepIdleSessions(1000)).not.toContain(idle.id);
    // More data arrived after that summary: due again once idle.
    await db().session.update({
      where: { id: idle.id },
      data: { summaryAt: new Date(Date.now() - 200_000), lastUploadAt: new Date(Date.now() - 150_000) },
    });
    expect(await sweepIdleSessions(1000)).toContain(idle.id);
  });
});

describe("live updates over server-sent events", () => {
  it("announce an upload to an open stream within seconds", async () => {
    const user = await makeUser("view-live");
    const uploadToken = await makeToken(user.id, "upload");
    const readToken = await makeToken(user.id, "read");
    const session = `session=${Date.UTC(2024, 8, 1)}&id=${"ef".repeat(16)}&v=8&eml=x%40example.com`;
    const first = await rawGet(server.port, Buffer.from(`/api/upload/${uploadToken}?${session}&time=${Date.UTC(2024, 8, 1, 0, 0, 1)}&kd=10`));
    expect(first.body).toBe("OK!");
    const { id } = await db().session.findFirstOrThrow({ where: { userId: user.id } });

    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/sessions/${id}/events`, {
      headers: { authorization: `Bearer ${readToken}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (predicate: (s: string) => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!predicate(text)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${ms} ms; got:\n${text}`);
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
        if (chunk && !chunk.done) text += decoder.decode(chunk.value, { stream: true });
      }
    };
    await readUntil((s) => /"sampleCount":1\b/.test(s), 5000);
    await rawGet(server.port, Buffer.from(`/api/upload/${uploadToken}?${session}&time=${Date.UTC(2024, 8, 1, 0, 0, 2)}&kd=20`));
    await readUntil((s) => /"sampleCount":2\b/.test(s), 5000);
    controller.abort();

    const stranger = await makeUser("view-live-stranger");
    const strangerToken = await makeToken(stranger.id, "read");
    const refused = await fetch(`${server.url}/api/sessions/${id}/events`, { headers: { authorization: `Bearer ${strangerToken}` } });
    expect(refused.status).toBe(404);
  });
});
