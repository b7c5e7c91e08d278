import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db/client";
import { appendSamples, type SampleRow } from "@/lib/samples/write";
import { chartData } from "@/lib/sessions/chart-data";
import { trackData } from "@/lib/sessions/track-data";
import { makeDevice } from "../support/sessions";
import { makeUser } from "../support/users";

/**
 * A packed chart or map finds each bucket's (slice's) rows inside a chunk by binary search over
 * the chunk's time offsets; a hot one scans rows by time. On a trip with irregular times,
 * pauses, NULLs, float8 columns, GPS without a fix at first and a PID that joins late, many
 * random zooms and bucket counts (boundaries falling on a sample's very millisecond, one before
 * and one after) must draw the same chart and map from both layouts.
 */
const T0 = Date.UTC(2024, 2, 10, 17, 3, 1, 250);
const KEYS = ["ff1006", "ff1005", "d", "c", "ff1204"];
const LATE_KEY = "ff1271";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 5,000 samples 1–400 ms apart, with a 40 s and a 6 min pause; the last PID joins at 3,100. */
function trip(): { times: number[]; early: SampleRow[]; late: SampleRow[] } {
  const random = rng(7);
  const rows: SampleRow[] = [];
  let time = T0;
  for (let i = 0; i < 5000; i++) {
    time += i === 0 ? 0 : 1 + Math.floor(random() * 400) + (i === 1234 ? 40_000 : 0) + (i === 4000 ? 360_000 : 0);
    // No fix for the first 30 samples (Torque logs 0,0), then a fix now and then without latitude.
    const fix = i >= 30;
    const values: (number | null)[] = [
      !fix ? 0 : random() < 0.05 ? null : Math.round((38.4 + i * 0.00000123 + random() * 1e-6) * 1e8) / 1e8,
      !fix ? 0 : Math.round((-121.4 - i * 0.00000071 + random() * 1e-6) * 1e8) / 1e8,
      Number((60 + 40 * Math.sin(i / 150) + random()).toFixed(2)),
      random() < 0.2 ? null : 700 + Math.floor(random() * 3000),
      Number((i / 1000).toFixed(3)),
    ];
    rows.push({ time, values: i >= 3100 ? [...values, Number((random() * 10).toFixed(1))] : values });
  }
  return { times: rows.map((r) => r.time), early: rows.slice(0, 3100), late: rows.slice(3100) };
}

/** Draws from a seeded generator: picks, and zoom ranges whose ends fall on a sample, a
 * millisecond either side of one, or anywhere; every `openEvery`-th range is the whole trip. */
function draws(seed: number) {
  const random = rng(seed);
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)];
  const int = (below: number) => Math.floor(random() * below);
  const range = (run: number, openEvery: number): { fromMs?: number; toMs?: number } => {
    const edge = () => pick(times) + pick([0, 0, -1, 1, int(5000)]);
    const a = edge();
    const b = edge();
    return run % openEvery === 0 ? {} : { fromMs: Math.min(a, b), toMs: Math.max(a, b) };
  };
  return { random, pick, int, range };
}

let userId: number;
let times: number[];
const sessions = { hot: 0, packed: 0 };

beforeAll(async () => {
  userId = (await makeUser("packed-charts")).id;
  const data = trip();
  times = data.times;
  for (const layout of ["hot", "packed"] as const) {
    const device = await makeDevice(userId, layout);
    const session = await db().session.create({
      data: { userId, deviceId: device.id, torqueSession: BigInt(T0), startedAt: new Date(T0), lastUploadAt: new Date(T0) },
    });
    await appendSamples(session.id, KEYS, data.early);
    await appendSamples(session.id, [...KEYS, LATE_KEY], data.late);
    if (layout === "packed") await pool().query("SELECT compact_session_samples($1)", [session.id]);
    sessions[layout] = session.id;
  }
});

describe("packed charts find each bucket's rows by time offset", () => {
  it("stores the packed trip in chunks only, with offsets counted from each chunk's first sample", async () => {
    const { rows } = await pool().query<{ hot: number; chunks: number; bad: number }>(
      `SELECT (SELECT count(*)::int FROM samples WHERE session_id = $1) AS hot,
              (SELECT count(*)::int FROM sample_chunks WHERE session_id = $1) AS chunks,
              (SELECT count(*)::int FROM sample_chunks WHERE session_id = $1 AND (time_offsets[1] <> 0
                 OR first_time + time_offsets[n] * INTERVAL '1 millisecond' <> last_time)) AS bad`,
      [sessions.packed],
    );
    expect(rows[0]).toEqual({ hot: 0, chunks: 9, bad: 0 });
  });

  it("draws the same chart from both layouts for 60 random zooms, bucket counts and PID sets", async () => {
    const { random, int, range } = draws(42);
    const all = [...KEYS, LATE_KEY];
    let bucketed = 0;
    for (let run = 0; run < 60; run++) {
      const pids = all.filter(() => random() < 0.6);
      const request = { pids: pids.length > 0 ? pids : ["d"], points: 2 + int(700), ...range(run, 10) };
      const { sessionId: _hot, ...expected } = await chartData(userId, sessions.hot, request);
      const { sessionId: _packed, ...got } = await chartData(userId, sessions.packed, request);
      expect(got, JSON.stringify(request)).toEqual(expected);
      if (!expected.raw) bucketed++;
    }
    expect(bucketed).toBeGreaterThan(30);
  });

  it("draws the same map from both layouts for 40 random zooms and slice counts", async () => {
    const { pick, int, range } = draws(99);
    let drawn = 0;
    for (let run = 0; run < 40; run++) {
      const request = { points: 2 + int(1500), colorPid: pick(["d", "c", LATE_KEY, undefined]), ...range(run, 8) };
      const { sessionId: _hot, ...expected } = await trackData(userId, sessions.hot, request);
      const { sessionId: _packed, ...got } = await trackData(userId, sessions.packed, request);
      expect(got, JSON.stringify(request)).toEqual(expected);
      if (expected.t.length > 0) drawn++;
    }
    expect(drawn).toBeGreaterThan(30);
  });
});
