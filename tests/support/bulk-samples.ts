import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";

/**
 * Large synthetic data at database speed, for the export memory test and bench/export.ts:
 * sessions and their samples generated inside PostgreSQL (INSERT … SELECT generate_series),
 * not through HTTP or appendSamples (~6,000 rows/s). Layout-specific on purpose: it writes hot
 * rows into `samples`, then (unless `pack: false`) packs them into `sample_chunks` with the
 * storage's own finish_bulk_load(), as the server does by default to quiet sessions (see
 * migration 20261204175000); `pack: false` leaves them as SAMPLE_PACKING=0 would.
 *
 * The values look like a drive (smooth GPS track and speeds, RPM with noise, slowly moving
 * temperatures, ~10% of some PIDs missing) so that CSV size and deflate ratio are realistic.
 */
export const BULK_KEYS = [
  "ff1005", "ff1006", "ff1001", "ff1010", "ff123b", "ff1239", "c", "d", "5", "f",
  "b", "4", "10", "11", "ff1220", "ff1221", "ff1222", "ff1223", "ff1204", "ff1271",
  "ff1266", "ff1267", "ff1268", "ff1263", "ff1272", "ff1237", "ff1238", "ff1270", "ff1201", "ff1203",
  "ff1207", "ff1208", "ff1202", "42", "46", "33", "6", "7", "2f", "1f",
] as const;

// One SQL expression per key above; i = sample index, s = session id.
const VALUE_SQL = [
  "round((-121.4 + 0.00002 * i * cos(s) + 0.01 * s)::numeric, 8)",
  "round((38.4 + 0.00002 * i * sin(s))::numeric, 8)",
  "round((60 + 40 * sin(i / 97.0) + random())::numeric, 5)",
  "round(50 + 20 * sin(i / 500.0))",
  "round((mod(i * 0.7, 360))::numeric, 1)",
  "3 + mod(i, 7)",
  "round(1500 + 1000 * sin(i / 37.0) + random() * 50)",
  "round(60 + 40 * sin(i / 97.0))",
  "85 + mod(i / 400, 8)",
  "25 + mod(i / 900, 3)",
  "round(30 + 60 * random())",
  "round((40 + 30 * sin(i / 23.0) + random() * 5)::numeric, 2)",
  "round((8 + 5 * sin(i / 37.0) + random())::numeric, 2)",
  "round((15 + 10 * random())::numeric, 2)",
  "CASE WHEN random() < 0.1 THEN NULL ELSE round((random() * 0.4 - 0.2)::numeric, 8) END",
  "CASE WHEN random() < 0.1 THEN NULL ELSE round((random() * 0.4 - 0.2)::numeric, 8) END",
  "CASE WHEN random() < 0.1 THEN NULL ELSE round((0.9 + random() * 0.2)::numeric, 8) END",
  "round((random() * 0.3)::numeric, 8)",
  "round((i * 0.0166)::numeric, 4)",
  "round((i * 0.0011)::numeric, 5)",
  "i",
  "i / 10",
  "i - i / 10",
  "round((55 + 5 * sin(i / 300.0))::numeric, 3)",
  "round((50 + 5 * sin(i / 300.0))::numeric, 3)",
  "round((random() * 4 - 2)::numeric, 2)",
  "round((13.8 + random() * 0.6)::numeric, 2)",
  "round((1010 + random() * 2)::numeric, 4)",
  "CASE WHEN random() < 0.1 THEN NULL ELSE round((20 + 15 * random())::numeric, 2) END",
  "CASE WHEN random() < 0.1 THEN NULL ELSE round((8 + 6 * random())::numeric, 2) END",
  "round((7 + 4 * random())::numeric, 2)",
  "round((7.5 + sin(i / 1000.0))::numeric, 3)",
  "round((random() * 10 - 5)::numeric, 2)",
  "round((13.5 + random())::numeric, 2)",
  "18 + mod(i / 1200, 4)",
  "101",
  "round((random() * 10 - 5)::numeric, 2)",
  "round((random() * 6 - 3)::numeric, 2)",
  "round(60 - i * 0.001)",
  "i",
];

export interface BulkOptions {
  sessions: number;
  samplesPerSession: number;
  /** Trip start of the first session; each next one starts 2 h later. */
  startMs?: number;
  /** Time between samples. */
  stepMs?: number;
  profileName?: string;
  /** false: leave the samples as hot rows (SAMPLE_PACKING=0's layout); default: packed, like a default install's quiet sessions. */
  pack?: boolean;
}

/** Creates `sessions` sessions for the device, each with `samplesPerSession` samples of the 40 BULK_KEYS; returns their ids. */
export async function bulkSessions(userId: number, deviceId: number, options: BulkOptions): Promise<number[]> {
  const start = options.startMs ?? Date.UTC(2024, 0, 1, 6);
  const step = options.stepMs ?? 1000;
  const n = options.samplesPerSession;
  const profile = options.profileName
    ? await db().vehicleProfile.upsert({
        where: { deviceId_name: { deviceId, name: options.profileName } },
        create: { userId, deviceId, name: options.profileName },
        update: {},
      })
    : null;
  const rows = await db().$queryRaw<{ id: number }[]>`
    INSERT INTO sessions (user_id, device_id, profile_id, torque_session, started_at, ended_at, last_upload_at, sample_count, pid_keys, duration_s)
    SELECT ${userId}::int, ${deviceId}::int, ${profile?.id ?? null}::int, ${start}::int8 + g::int8 * 7200000,
      to_timestamp((${start}::int8 + g::int8 * 7200000) / 1000.0),
      to_timestamp((${start}::int8 + g::int8 * 7200000 + ${(n - 1) * step}::int8) / 1000.0),
      now() - interval '1 day', ${n}::int, ${[...BULK_KEYS]}::text[], ${((n - 1) * step) / 1000}::float8
    FROM generate_series(0, ${options.sessions - 1}::int) g
    RETURNING id`;
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  const values = Prisma.raw(`ARRAY[${VALUE_SQL.map((v) => `(${v})::float8`).join(", ")}]`);
  // A few sessions per statement: each is one transaction of bounded size.
  for (let at = 0; at < ids.length; at += 10) {
    const chunk = ids.slice(at, at + 10);
    await db().$executeRaw`
      INSERT INTO samples (session_id, time, values)
      SELECT x.s, x.started_at + x.i * ${step}::int * interval '1 millisecond', ${values}
      FROM (SELECT ss.id AS s, ss.started_at, i FROM sessions ss CROSS JOIN generate_series(0, ${n - 1}::int) i WHERE ss.id = ANY(${chunk}::int[])) x`;
    // One session per statement: each stays far inside the pool's statement timeout, even when
    // a checkpoint stalls the disk in the middle of a bench-sized load.
    if (options.pack !== false) for (const id of chunk) await db().$executeRaw`SELECT finish_bulk_load(${[id]}::int[])`;
  }
  return ids;
}
