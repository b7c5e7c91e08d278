/**
 * Session-list benchmark: loads 10,000 sessions and 6 million samples for one user (plus a
 * second user, so user scoping is real), then times listSessions (rows + total, server time,
 * no HTTP) for every sort in both directions, deep pages and each filter, and can write the
 * EXPLAIN plans of those statements.
 *
 *   node node_modules/tsx/dist/cli.mjs --conditions=react-server bench/list-data.ts [--explain out.md]
 *
 * Database: DATABASE_URL when set (it must be empty or hold an earlier run's data), else a new
 * embedded PostgreSQL in BENCH_DATA_DIR (kept, so a rerun skips the load) or a temp directory.
 * SESSIONS / SAMPLES_PER_SESSION change the size (defaults 10000 / 655, ≈6 million samples). BENCH_SETUP_SQL runs
 * after loading (to try an index before writing its migration).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { EmbeddedPostgresManager } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

const SESSIONS = Number(process.env.SESSIONS ?? 10_000);
// 1 in 12 sessions is tiny (1-5 samples); the others average 655, so 10,000 sessions hold ≈6 million.
const SAMPLES_PER_SESSION = Number(process.env.SAMPLES_PER_SESSION ?? 655);
const RUNS = Number(process.env.RUNS ?? 30);
const explainOut = process.argv.includes("--explain") ? process.argv[process.argv.indexOf("--explain") + 1] : null;

async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const keep = process.env.BENCH_DATA_DIR;
  const dataDir = keep ?? (await mkdtemp(path.join(os.tmpdir(), "tls-bench-")));
  const manager = new EmbeddedPostgresManager({ dataDir, port: Number(process.env.BENCH_PG_PORT ?? 25432) });
  const db = await manager.start("own");
  return {
    url: db.url,
    stop: async () => {
      await db.stop();
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Realistic Torque column list: ~40 PIDs, GPS first as the app sends them. */
const PID_KEYS = ["ff1005", "ff1006", "ff1001", "ff1007", "d", "c", "5", "b", "f", "10", "11", "2f", "33", "42", "46", "ff1204", "ff1271", "ff1208", "ff1203", "ff1225", "ff1226", "ff1239", "ff123a", "ff1010", "ff1220", "ff1221", "ff1222", "ff1223", "ff1270", "ff1214", "ff1206", "ff1207", "ff5201", "ff1237", "ff1238", "47", "49", "4a", "ff1263", "ff1272"];

async function load(client: pg.Client): Promise<number> {
  const existing = await client.query<{ id: number }>(`SELECT id FROM users WHERE email = 'bench@example.com'`);
  if (existing.rows[0]) {
    console.log("Data already loaded: reusing it.");
    return existing.rows[0].id;
  }
  const started = Date.now();
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO users (email, password_hash, updated_at) VALUES ('bench@example.com', 'x', now()), ('other@example.com', 'x', now()) RETURNING id`,
  );
  const [user, other] = rows.map((r) => r.id);
  await client.query(
    `INSERT INTO devices (user_id, torque_id, nickname) VALUES
       ($1, md5('phone-a'), 'Pixel van'), ($1, md5('phone-b'), NULL), ($1, md5('phone-c'), 'Tablet'), ($2, md5('other'), 'Other phone')`,
    [user, other],
  );
  await client.query(
    `INSERT INTO vehicle_profiles (user_id, device_id, name)
     SELECT d.user_id, d.id, p.name FROM devices d, (VALUES ('ManVan'), ('Golf'), ('Trailer rig')) p(name) WHERE d.user_id = $1 AND d.nickname IS DISTINCT FROM 'Tablet'`,
    [user],
  );
  // Sessions over three years; ~8 % are the tiny ones every Torque user gets (a few samples, no distance).
  await client.query(
    `INSERT INTO sessions (user_id, device_id, profile_id, torque_session, started_at, ended_at, last_upload_at, sample_count,
                           pid_keys, name, notes, tags, duration_s, distance_km, max_speed_kmh, avg_speed_kmh, fuel_used_l, has_gps, summary_at)
     SELECT $1, dev.id, prof.id, (extract(epoch FROM t.start) * 1000)::bigint, t.start, t.start + t.n * interval '1 second',
            t.start + t.n * interval '1 second', t.n, $3::text[],
            CASE WHEN g % 20 = 0 THEN 'Trip ' || g || CASE WHEN g % 40 = 0 THEN ' to the coast' ELSE ' commute' END END,
            CASE WHEN g % 50 = 0 THEN 'Checked tyre pressure, fuel ' || (g % 7) END,
            CASE WHEN g % 10 = 0 THEN ARRAY['work'] WHEN g % 33 = 0 THEN ARRAY['holiday', 'long'] ELSE '{}' END,
            CASE WHEN t.n > 1 THEN t.n - 1 END,
            CASE WHEN t.n > 5 THEN round((t.n * random() * 0.02)::numeric, 3)::float8 END,
            CASE WHEN t.n > 1 THEN 40 + random() * 100 END,
            CASE WHEN t.n > 1 THEN 20 + random() * 60 END,
            CASE WHEN g % 2 = 0 AND t.n > 5 THEN random() * 6 END,
            g % 5 <> 0, now()
     FROM generate_series(1, $2::int) g
     CROSS JOIN LATERAL (SELECT now() - interval '3 years' + (g::float8 / $2) * interval '3 years' + (random() * 3600) * interval '1 second' AS start,
                                CASE WHEN g % 12 = 0 THEN 1 + (g % 5) ELSE $4::int / 2 + (random() * $4)::int END AS n) t
     CROSS JOIN LATERAL (SELECT id FROM devices WHERE user_id = $1 ORDER BY id OFFSET (g % 3) LIMIT 1) dev
     LEFT JOIN LATERAL (SELECT id FROM vehicle_profiles WHERE device_id = dev.id ORDER BY id OFFSET (g % 2) LIMIT 1) prof ON true`,
    [user, SESSIONS, PID_KEYS, SAMPLES_PER_SESSION],
  );
  await client.query(
    `INSERT INTO sessions (user_id, device_id, torque_session, started_at, sample_count)
     SELECT $1, (SELECT id FROM devices WHERE user_id = $1), g, now() - g * interval '1 day', 10 FROM generate_series(1, 200) g`,
    [other],
  );
  console.log(`sessions: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Samples generated inside the server, 500 sessions per statement: a multi-row INSERT without
  // shipping 6 million rows over the socket.
  const { rows: bounds } = await client.query<{ lo: number; hi: number }>(`SELECT min(id) AS lo, max(id) AS hi FROM sessions WHERE user_id = $1`, [user]);
  for (let lo = bounds[0].lo; lo <= bounds[0].hi; lo += 500) {
    await client.query(
      `INSERT INTO samples (session_id, time, values)
       SELECT s.id, s.started_at + i * interval '1 second',
              ARRAY[-121.4 + i * 0.0001, 38.4 + i * 0.0001, random() * 120, random() * 360, random() * 120, 800 + random() * 3000, 90, 30, 20, 15, i * 0.01, random() * 0.3]
       FROM sessions s CROSS JOIN LATERAL generate_series(0, s.sample_count - 1) i
       WHERE s.user_id = $1 AND s.id >= $2 AND s.id < $3`,
      [user, lo, lo + 500],
    );
    process.stdout.write(`\rsamples: sessions up to ${Math.min(lo + 499, bounds[0].hi)} of ${bounds[0].hi}`);
  }
  await client.query(`VACUUM ANALYZE`);
  const { rows: counts } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM samples`);
  console.log(`\nloaded ${counts[0].n} samples in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return user;
}

interface Case {
  label: string;
  params: Record<string, string>;
  /** Follow next cursors this many pages before timing (a deep page). */
  depth?: number;
}

const CASES: Case[] = [
  { label: "default (start desc), page 1", params: {} },
  { label: "start desc, page 100 (cursor)", params: {}, depth: 99 },
  { label: "start asc, page 1", params: { order: "asc" } },
  ...(["duration", "distance", "samples", "maxSpeed", "fuel", "name", "vehicle", "device"] as const).flatMap((sort) => [
    { label: `${sort} desc, page 1`, params: { sort, order: "desc" } },
    { label: `${sort} asc, page 1`, params: { sort, order: "asc" } },
    { label: `${sort} desc, page 50 (cursor)`, params: { sort, order: "desc" }, depth: 49 },
  ]),
  { label: "limit 1000", params: { limit: "1000" } },
  { label: "q=coast (name)", params: { q: "coast" } },
  { label: "q=pixel (device nickname)", params: { q: "pixel" } },
  { label: "q=tyre fuel (notes, 2 words)", params: { q: "tyre fuel" } },
  { label: "q=zzz (no match)", params: { q: "zzz" } },
  { label: "from/to: one month", params: { from: "MONTH_START", to: "MONTH_END" } },
  { label: "vehicle=ManVan", params: { vehicle: "ManVan" } },
  { label: "device=<id>", params: { device: "DEVICE" } },
  { label: "hasGps=true", params: { hasGps: "true" } },
  { label: "hasPid=ff1271", params: { hasPid: "ff1271" } },
  { label: "hasPid=abcdef (none)", params: { hasPid: "abcdef" } },
  { label: "tag=holiday", params: { tag: "holiday" } },
  { label: "live=true", params: { live: "true" } },
  { label: "hide tiny (minSamples=10, minDurationS=60)", params: { minSamples: "10", minDurationS: "60" } },
  { label: "minDistanceKm=5, sort distance asc", params: { minDistanceKm: "5", sort: "distance", order: "asc" } },
  { label: "combined: q, vehicle, hasGps, minSamples, sort maxSpeed", params: { q: "trip", vehicle: "ManVan", hasGps: "1", minSamples: "10", sort: "maxSpeed" } },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function main(): Promise<void> {
  const database_ = await database();
  try {
    await run(database_.url);
  } finally {
    const { db } = await import("@/lib/db/client");
    await db().$disconnect();
    await database_.stop();
  }
}

async function run(url: string): Promise<void> {
  process.env.DATABASE_URL = url;
  await migrate(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const userId = await load(client);
  if (process.env.BENCH_SETUP_SQL) {
    await client.query(process.env.BENCH_SETUP_SQL);
    await client.query("VACUUM ANALYZE sessions");
  }
  // Imported after DATABASE_URL is set: the Prisma client reads it at first use.
  const { listSessions, listStatements, parseSessionListQuery } = await import("@/lib/sessions/query");
  const { rows: dev } = await client.query<{ id: number }>(`SELECT id FROM devices WHERE user_id = $1 ORDER BY id LIMIT 1`, [userId]);
  const now = new Date();
  const monthAgo = new Date(now.getTime() - 200 * 86_400_000);
  const resolve = (params: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(params).map(([k, v]) => [
        k,
        v === "MONTH_START" ? monthAgo.toISOString().slice(0, 10) : v === "MONTH_END" ? new Date(monthAgo.getTime() + 30 * 86_400_000).toISOString().slice(0, 10) : v === "DEVICE" ? String(dev[0].id) : v,
      ]),
    );

  const lines = ["| case | rows | total | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|"];
  const explains: string[] = [];
  for (const c of CASES) {
    let params = resolve(c.params);
    for (let i = 0; i < (c.depth ?? 0); i++) {
      const page = await listSessions(userId, parseSessionListQuery(params));
      if (!page.nextCursor) break;
      params = { ...params, cursor: page.nextCursor };
    }
    const query = parseSessionListQuery(params, { timeZone: "UTC" });
    const times: number[] = [];
    let last = await listSessions(userId, query);
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      last = await listSessions(userId, query);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    lines.push(`| ${c.label} | ${last.items.length} | ${last.total} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
    console.log(lines[lines.length - 1]);
    if (explainOut) {
      const statements = await listStatements(userId, query);
      for (const [kind, sql] of [["rows", statements.rows], ["count", statements.count]] as const) {
        if (!sql) continue;
        const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.text}`, sql.values as unknown[]);
        explains.push(`### ${c.label}: ${kind}\n\n\`\`\`\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}\n\`\`\`\n`);
      }
    }
  }
  const { rows: version } = await client.query<{ v: string }>(`SELECT version() AS v`);
  const { rows: size } = await client.query<{ sessions: string; samples: string }>(
    `SELECT (SELECT count(*) FROM sessions WHERE user_id = $1) AS sessions, (SELECT count(*) FROM samples) AS samples`,
    [userId],
  );
  console.log(
    `\n${version[0].v}\n${size[0].sessions} sessions, ${size[0].samples} samples; ${RUNS} timed runs per case after one warm-up.\n\n${lines.join("\n")}`,
  );
  if (explainOut) await writeFile(explainOut, `${lines.join("\n")}\n\n${explains.join("\n")}`);
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
