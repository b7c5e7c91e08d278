import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db/client";
import { rowCells } from "@/lib/samples/array-text";
import { iterateSampleText, readAllSamples, type SampleRange } from "@/lib/samples/read";
import { appendSamples, type SampleRow } from "@/lib/samples/write";
import { mergeSessions } from "@/lib/sessions/bulk";
import { chartData, type ChartRequest } from "@/lib/sessions/chart-data";
import { splitSession, trimSession } from "@/lib/sessions/edit";
import { refreshSessionSummary } from "@/lib/sessions/summary";
import { trackData, type TrackRequest } from "@/lib/sessions/track-data";
import { makeDevice } from "../support/sessions";
import { makeUser } from "../support/users";

/**
 * Packing is the default layout: a quiet session's samples move into compressed chunks. Every
 * page and edit must see exactly what it saw when the samples were hot rows. Each test builds
 * the same trip twice (or three times): as hot rows, packed, and packed with one chunk unpacked
 * again by a retried upload (hot rows between chunks), and compares what a user gets.
 */
const T0 = Date.UTC(2024, 6, 1, 9);
const N = 6000;
const KEYS = ["ff1006", "ff1005", "d", "c", "ff1204"];
const LATE_KEY = "ff1271"; // joins half-way: the earlier chunks have one column less

/** 10 Hz with a 2-minute pause in the middle; no GPS fix for the first 2 s (Torque logs 0,0). */
function trip(): { early: SampleRow[]; late: SampleRow[] } {
  const row = (i: number) => {
    const time = T0 + i * 100 + (i >= N / 2 ? 120_000 : 0);
    const fix = i >= 20;
    const values = [
      fix ? 38.4 + i * 0.00000123 : 0,
      fix ? -121.4 - i * 0.00000071 : 0,
      Number((60 + 40 * Math.sin(i / 300) + (i === 4321 ? 150 : 0)).toFixed(2)),
      i % 3 === 0 ? null : 800 + (i % 97) * 10,
      Number((i / 1000).toFixed(3)),
    ];
    return { time, values: i >= N / 2 ? [...values, Number((i / 7000).toFixed(4))] : values };
  };
  const rows = Array.from({ length: N }, (_, i) => row(i));
  return { early: rows.slice(0, N / 2), late: rows.slice(N / 2) };
}

type Layout = "hot" | "packed" | "mixed";

async function pack(sessionId: number) {
  await pool().query("SELECT compact_session_samples($1)", [sessionId]);
}

/** The trip as a session of its own device (merge refuses other trips of a device in between). */
async function tripSession(userId: number, layout: Layout, startMs = T0) {
  const device = await makeDevice(userId, layout);
  const session = await db().session.create({
    data: { userId, deviceId: device.id, torqueSession: BigInt(startMs), startedAt: new Date(startMs), lastUploadAt: new Date(startMs) },
  });
  const { early, late } = trip();
  await appendSamples(session.id, KEYS, early);
  await appendSamples(session.id, [...KEYS, LATE_KEY], late);
  if (layout !== "hot") await pack(session.id);
  // A retry of a stored sample: its chunk goes back to hot rows, between packed ones.
  if (layout === "mixed") await appendSamples(session.id, KEYS, [early[1500]]);
  await refreshSessionSummary(session.id);
  return session.id;
}

const hotCount = (sessionId: number) => db().sample.count({ where: { sessionId } });
const chunkCount = (sessionId: number) => db().sampleChunk.count({ where: { sessionId } });

async function summaryOf(sessionId: number) {
  const s = await db().session.findUniqueOrThrow({ where: { id: sessionId } });
  return { n: s.sampleCount, start: s.startedAt, end: s.endedAt, duration: s.durationS, distance: s.distanceKm, max: s.maxSpeedKmh, avg: s.avgSpeedKmh, fuel: s.fuelUsedL, gps: s.hasGps, summary: s.summary };
}

/** Chunks neither overlap each other nor any hot row (what every reader relies on). */
async function expectDisjointStorage(sessionId: number) {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sample_chunks a
     WHERE a.session_id = $1 AND (
       EXISTS (SELECT 1 FROM sample_chunks b WHERE b.session_id = a.session_id AND b.first_time <> a.first_time AND b.first_time <= a.last_time AND b.last_time >= a.first_time)
       OR EXISTS (SELECT 1 FROM samples s WHERE s.session_id = a.session_id AND s.time BETWEEN a.first_time AND a.last_time))`,
    [sessionId],
  );
  expect(rows[0].n).toBe(0);
}

let userId: number;
const sessions = {} as Record<Layout, number>;

beforeAll(async () => {
  const user = await makeUser("packed");
  userId = user.id;
  for (const layout of ["hot", "packed", "mixed"] as const) sessions[layout] = await tripSession(userId, layout);
});

describe("a packed session reads like its hot rows", () => {
  it("is stored as intended: all hot, all packed, and packed with hot rows between chunks", async () => {
    expect([await hotCount(sessions.hot), await chunkCount(sessions.hot)]).toEqual([N, 0]);
    expect(await hotCount(sessions.packed)).toBe(0);
    expect(await chunkCount(sessions.packed)).toBeGreaterThan(5);
    expect(await hotCount(sessions.mixed)).toBeGreaterThan(0);
    expect(await hotCount(sessions.mixed)).toBeLessThan(N);
    const all = await readAllSamples(sessions.hot);
    expect(await readAllSamples(sessions.packed)).toEqual(all);
    expect(await readAllSamples(sessions.mixed)).toEqual(all);
  });

  const charts: [string, Omit<ChartRequest, "pids"> & { pids?: string[] }][] = [
    ["the whole trip, bucketed", { points: 800 }],
    ["a zoom across the pause, cut inside chunks, bucketed", { points: 300, fromMs: T0 + 123_456, toMs: T0 + 432_109 }],
    ["a zoom that fits the chart, raw", { points: 1000, fromMs: T0 + 54_321, toMs: T0 + 98_765 }],
    ["the whole trip raw (points ≥ samples)", { points: 10_000 }],
    ["only the PID that joined half-way, with odd bucket counts", { points: 333, pids: [LATE_KEY] }],
    ["a range with no samples (the pause)", { points: 100, fromMs: T0 + N * 50 + 1000, toMs: T0 + N * 50 + 60_000 }],
  ];
  for (const [label, request] of charts) {
    it(`charts ${label} exactly alike`, async () => {
      const ask = (id: number) => chartData(userId, id, { pids: ["d", "c", "ff1005", LATE_KEY, "ff1204"], ...request });
      const { sessionId: _hot, ...expected } = await ask(sessions.hot);
      expect(expected.t.length).toBeGreaterThan(label.includes("no samples") ? -1 : 2);
      for (const layout of ["packed", "mixed"] as const) {
        const { sessionId, ...got } = await ask(sessions[layout]);
        expect(sessionId).toBe(sessions[layout]);
        expect(got, layout).toEqual(expected);
      }
    });
  }

  const tracks: [string, TrackRequest][] = [
    ["the whole trip in 150 slices", { points: 150 }],
    ["a zoom with fewer fixes than points (every fix)", { points: 5000, fromMs: T0 + 1000, toMs: T0 + 200_000 }],
    ["coloured by a PID that joined half-way, compact", { points: 997, colorPid: LATE_KEY, compact: true }],
  ];
  for (const [label, request] of tracks) {
    it(`maps ${label} exactly alike`, async () => {
      const { sessionId: _hot, ...expected } = await trackData(userId, sessions.hot, request);
      expect(expected.t.length).toBeGreaterThan(10);
      expect(expected.lat.includes(0)).toBe(false);
      for (const layout of ["packed", "mixed"] as const) {
        const { sessionId: _id, ...got } = await trackData(userId, sessions[layout], request);
        expect(got, layout).toEqual(expected);
      }
    });
  }

  it("summarises alike", async () => {
    const expected = await summaryOf(sessions.hot);
    expect(expected.n).toBe(N);
    for (const layout of ["packed", "mixed"] as const) {
      await refreshSessionSummary(sessions[layout]);
      expect(await summaryOf(sessions[layout]), layout).toEqual(expected);
    }
  });

  /** What an export writes from: every sample's cells as the database's decimal text. */
  async function sampleText(sessionId: number, range?: SampleRange) {
    const out: { time: number; cells: (string | null)[] }[] = [];
    for await (const batch of iterateSampleText(sessionId, range)) out.push(...batch.rows.map((row) => ({ time: row.time, cells: rowCells(row, batch.keys.length) })));
    return out;
  }

  it("exports the same text as its hot rows: whole, and cut inside chunks", async () => {
    for (const range of [undefined, { fromMs: T0 + 123_456, toMs: T0 + 432_109 }]) {
      const expected = await sampleText(sessions.hot, range);
      expect(expected.length).toBeGreaterThan(1000);
      for (const layout of ["packed", "mixed"] as const) expect(await sampleText(sessions[layout], range), layout).toEqual(expected);
    }
  });

  it("exports a wide trip packed in uneven chunks exactly as stored", async () => {
    // 44 PIDs × 1,300 samples: chunks of 434/433 samples, float4 and float8 (GPS-like) columns
    // interleaved, one PID joining late.
    const device = await makeDevice(userId, "wide");
    const session = await db().session.create({ data: { userId, deviceId: device.id, torqueSession: BigInt(T0), startedAt: new Date(T0), lastUploadAt: new Date(T0) } });
    const keys = Array.from({ length: 43 }, (_, k) => `ff${(0x1300 + k).toString(16)}`);
    const rows = Array.from({ length: 1300 }, (_, i) => ({
      time: T0 + i * 1000,
      values: keys.map((_, k) => (k === 0 ? 38.4 + i * 1.23e-6 : k % 7 === 3 && i % 5 === 0 ? null : Number(((i * (k + 1)) / 8).toFixed(3)))),
    }));
    await appendSamples(session.id, keys, rows.slice(0, 700));
    await appendSamples(session.id, [...keys, "ff1399"], rows.slice(700).map((r, i) => ({ ...r, values: [...r.values, i / 4] })));
    const hot = await sampleText(session.id);
    await pack(session.id);
    expect(await hotCount(session.id)).toBe(0);
    expect(await chunkCount(session.id)).toBe(3);
    const packed = await sampleText(session.id);
    expect(packed).toEqual(hot);
    expect(packed[1299].cells).toHaveLength(44);
    expect(packed[1299].cells[0]).toBe(String(38.4 + 1299 * 1.23e-6));
    expect(packed[0].cells[43]).toBeNull();
  });
});

describe("edits of a packed session", () => {
  async function pairs() {
    return {
      hot: await tripSession(userId, "hot"),
      packed: await tripSession(userId, "packed"),
      mixed: await tripSession(userId, "mixed"),
    };
  }

  it("trim deletes exactly the samples outside the range, and packing again keeps the rest", async () => {
    const ids = await pairs();
    // Both edges fall between two samples inside a chunk.
    const range = { startMs: T0 + 123_450, endMs: T0 + 555_555 };
    const expected = await trimSession(userId, ids.hot, range);
    const rows = (await readAllSamples(ids.hot)).rows;
    expect(rows[0].time).toBe(T0 + 123_500);
    expect(rows.at(-1)!.time).toBeLessThanOrEqual(range.endMs);
    expect(expected.remaining).toBe(rows.length);
    expect(expected.deleted + expected.remaining).toBe(N);
    for (const layout of ["packed", "mixed"] as const) {
      expect(await trimSession(userId, ids[layout], range), layout).toEqual(expected);
      expect((await readAllSamples(ids[layout])).rows, layout).toEqual(rows);
      expect(await summaryOf(ids[layout]), layout).toEqual(await summaryOf(ids.hot));
      // The compactor packs the rows left hot at both ends without overlapping the chunks between.
      await pack(ids[layout]);
      expect(await hotCount(ids[layout])).toBe(0);
      await expectDisjointStorage(ids[layout]);
      expect((await readAllSamples(ids[layout])).rows, layout).toEqual(rows);
      const chart = (id: number) => chartData(userId, id, { pids: ["d", "ff1005"], points: 400 }).then(({ sessionId: _s, ...c }) => c);
      expect(await chart(ids[layout])).toEqual(await chart(ids.hot));
    }
    // "Nothing left" is refused for packed samples too.
    await expect(trimSession(userId, ids.packed, { startMs: T0 + N * 200 })).rejects.toMatchObject({ status: 400 });
  });

  it("split keeps every sample, each part with its own summary, and merging the parts gives the trip back", async () => {
    const ids = await pairs();
    const original = await readAllSamples(ids.hot);
    const at = T0 + 222_222; // inside a chunk, between two samples
    const expected = await splitSession(userId, ids.hot, at);
    const parts = async (a: number, b: number) => [(await readAllSamples(a)).rows, (await readAllSamples(b)).rows];
    const [hotBefore, hotAfter] = await parts(ids.hot, expected.newSessionId);
    expect(hotBefore.length + hotAfter.length).toBe(N);
    expect(hotAfter[0].time).toBe(T0 + 222_300);
    for (const layout of ["packed", "mixed"] as const) {
      const got = await splitSession(userId, ids[layout], at);
      expect(got.moved, layout).toBe(expected.moved);
      expect(await parts(ids[layout], got.newSessionId), layout).toEqual([hotBefore, hotAfter]);
      expect(await summaryOf(ids[layout]), layout).toEqual(await summaryOf(ids.hot));
      expect(await summaryOf(got.newSessionId), layout).toEqual(await summaryOf(expected.newSessionId));
      await expectDisjointStorage(ids[layout]);

      // Both parts packed (quiet), then merged again: the original trip, sample for sample.
      await pack(ids[layout]);
      await pack(got.newSessionId);
      await expectDisjointStorage(ids[layout]);
      const merged = await mergeSessions(userId, [ids[layout], got.newSessionId]);
      expect(merged.id).toBe(ids[layout]);
      expect(await readAllSamples(ids[layout])).toEqual(original);
      expect((await summaryOf(ids[layout])).n).toBe(N);
    }
  });

  it("a trip still uploading: a late sample unpacks one chunk, the live pass packs whole chunks around it", async () => {
    const id = await tripSession(userId, "packed");
    const { early } = trip();
    // A late retry inside a packed chunk, and 700 new samples after the pause.
    await appendSamples(id, KEYS, [{ time: early[700].time + 1, values: [38.5, -121.5, 42, 900, 0.7] }]);
    const tail = Array.from({ length: 700 }, (_, i) => ({ time: T0 + 3_600_000 + i * 100, values: [38.6, -121.6, 50, 1000, 9] }));
    await appendSamples(id, KEYS, tail);
    const before = await readAllSamples(id);
    expect(before.rows).toHaveLength(N + 701);
    const hotBefore = await hotCount(id);
    await pool().query("SELECT compact_session_samples($1, 'infinity', true)", [id]);
    await expectDisjointStorage(id);
    // Only whole 600-sample chunks: at most 599 of each stretch of hot rows stay hot.
    expect(await hotCount(id)).toBeLessThan(hotBefore);
    expect(await readAllSamples(id)).toEqual(before);
    await pack(id);
    expect(await hotCount(id)).toBe(0);
    await expectDisjointStorage(id);
    expect(await readAllSamples(id)).toEqual(before);
  });

  it("an upload into a packed stretch still merges its values into the stored sample", async () => {
    const id = await tripSession(userId, "packed");
    const before = await readAllSamples(id);
    const target = before.rows[4000];
    await appendSamples(id, ["ff1262"], [{ time: target.time, values: [3.25] }]);
    const after = await readAllSamples(id);
    expect(after.rows).toHaveLength(N);
    expect(after.rows[4000].values.slice(0, before.keys.length)).toEqual(target.values);
    expect(after.rows[4000].values[after.keys.indexOf("ff1262")]).toBe(3.25);
    const chart = await chartData(userId, id, { pids: ["ff1262"], points: 10_000 });
    expect(chart.series.ff1262.filter((v) => v !== null)).toEqual([3.25]);
  });
});
