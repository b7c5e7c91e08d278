import type pg from "pg";
import { loadTripTemplate } from "./torque-stream";

/**
 * Large data sets for the storage, list, session and export figures, loaded by SQL inside the
 * database (INSERT … SELECT from a template table: no HTTP, no per-row round trips), then handed
 * to the storage layout's own bulk finish (`finish_bulk_load`, see the migrations) exactly as
 * an import would be.
 *
 * Values: the real trip's 40 PIDs (uploaded every 5 s) resampled to 1 Hz or 10 Hz the way Torque
 * logs them — PIDs that change between most uploads move smoothly (linear, rounded to float32
 * like Torque's own values), slow ones hold and step, GPS keeps 8 decimals — so compression sees
 * data like a real log's, not constants and not random noise.
 */

function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const n = Number(f.toPrecision(digits));
    if (Math.fround(n) === f) return n;
  }
  return f;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The trip's samples at `factor` × their 5 s rate (factor 5 → 1 Hz, 50 → 10 Hz). */
export function resampledTrip(factor: number): { keys: string[]; rows: number[][] } {
  const { keys, values } = loadTripTemplate();
  const random = rng(factor);
  const gps = new Set(["ff1005", "ff1006"]);
  const changes = keys.map((_, j) => values.slice(1).filter((row, i) => row[j] !== values[i][j]).length / (values.length - 1));
  const rows: number[][] = [];
  for (let i = 0; i + 1 < values.length; i++) {
    const a = values[i];
    const b = values[i + 1];
    const switchAt = keys.map(() => Math.floor(random() * factor));
    for (let step = 0; step < factor; step++) {
      const f = step / factor;
      rows.push(
        keys.map((key, j) => {
          if (gps.has(key)) return Math.round((a[j] + (b[j] - a[j]) * f) * 1e8) / 1e8;
          if (changes[j] > 0.5) return shortestFloat32(a[j] + (b[j] - a[j]) * f);
          return step < switchAt[j] ? a[j] : b[j];
        }),
      );
    }
  }
  return { keys, rows };
}

export interface BenchOwner {
  userId: number;
  deviceId: number;
  keys: string[];
}

const TAGS = ["commute", "work", "holiday", "track day", "towing", "winter", "diagnostics", "family"];
const NAMES = ["Morning commute", "Trip to the coast", "Errands", "Highway run", "Night drive", "Mountain pass"];

/** Uploads the resampled trip into `bench_template_<hz>` (dropped by dropTemplates). */
export async function createTemplate(client: pg.Client, hz: 1 | 10): Promise<{ keys: string[]; size: number }> {
  const { keys, rows } = resampledTrip(hz === 1 ? 5 : 50);
  await client.query(`DROP TABLE IF EXISTS bench_template_${hz}; CREATE UNLOGGED TABLE bench_template_${hz} (i int PRIMARY KEY, vals float8[] NOT NULL)`);
  for (let start = 0; start < rows.length; start += 2000) {
    const part = rows.slice(start, start + 2000);
    await client.query(`INSERT INTO bench_template_${hz} (i, vals) SELECT i - 1 + $2, (SELECT array_agg(v::float8) FROM json_array_elements_text(r) v) FROM json_array_elements($1::json) WITH ORDINALITY AS x(r, i)`, [
      JSON.stringify(part),
      start,
    ]);
  }
  return { keys, size: rows.length };
}

export async function dropTemplates(client: pg.Client): Promise<void> {
  await client.query("DROP TABLE IF EXISTS bench_template_1; DROP TABLE IF EXISTS bench_template_10");
}

/** A user with one phone (device + 40 PID metadata rows) that owns the bulk sessions. */
export async function createOwner(client: pg.Client, userId: number, keys: string[]): Promise<BenchOwner> {
  const device = await client.query<{ id: number }>(
    `INSERT INTO devices (user_id, torque_id, email, allowed) VALUES ($1, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'bench@example.com', true) RETURNING id`,
    [userId],
  );
  const deviceId = device.rows[0].id;
  await client.query(
    `INSERT INTO pid_meta (device_id, key, full_name, short_name, default_unit, user_unit)
     SELECT $1, k, 'PID ' || k, k, 'unit', 'unit' FROM unnest($2::text[]) k`,
    [deviceId, keys],
  );
  return { userId, deviceId, keys };
}

/**
 * `count` sessions of `samplesPerSession` samples at `hz`, started one per ~2.6 h going back
 * from `endMs`, with stored summaries (a list never reads samples). Returns the session ids.
 */
export async function loadSessions(
  client: pg.Client,
  owner: BenchOwner,
  options: { count: number; samplesPerSession: number; hz: 1 | 10; templateSize: number; endMs: number; torqueSessionBase: number },
  log: (line: string) => void = () => undefined,
  /** packed: samples then finish_bulk_load (packs); hot: samples stay hot rows; none: sessions only. */
  samples: "packed" | "hot" | "none" = "packed",
): Promise<number[]> {
  const stepMs = 1000 / options.hz;
  const sessions = await client.query<{ id: number }>(
    `INSERT INTO sessions (user_id, device_id, torque_session, started_at, ended_at, last_upload_at, sample_count, pid_keys,
                           name, tags, duration_s, distance_km, max_speed_kmh, avg_speed_kmh, fuel_used_l, has_gps, summary_at)
     SELECT $1, $2, $3 + g, t0, t0 + ($5 - 1) * $6 * interval '1 millisecond', t0 + ($5 - 1) * $6 * interval '1 millisecond', $5, $4::text[],
            CASE WHEN g % 3 = 0 THEN ($8::text[])[1 + g % 6] END,
            CASE WHEN g % 4 = 0 THEN ARRAY[($9::text[])[1 + g % 8]] WHEN g % 7 = 0 THEN ARRAY[($9::text[])[1 + g % 8], ($9::text[])[1 + (g / 7) % 8]] ELSE '{}' END,
            ($5 - 1) * $6 / 1000.0, round((($5 * $6 / 1000.0) * (8 + g % 23) / 1000.0)::numeric, 2), 60 + g % 90, 20 + g % 50, ($5 * $6 / 1000.0) / 3600.0 * (3 + g % 5), true, now()
     FROM generate_series(0, $7 - 1) g,
          LATERAL (SELECT to_timestamp(($10::float8 - g * 9370000.0 - (g * 7919 % 3600000)) / 1000.0) AS t0) t
     RETURNING id`,
    [owner.userId, owner.deviceId, options.torqueSessionBase, owner.keys, options.samplesPerSession, stepMs, options.count, NAMES, TAGS, options.endMs],
  );
  const ids = sessions.rows.map((r) => r.id);
  if (samples === "none") return ids;
  // Small batches: the hot table only ever holds one batch before it is packed.
  const batch = Math.max(1, Math.floor(50_000 / options.samplesPerSession));
  for (let start = 0; start < ids.length; start += batch) {
    const part = ids.slice(start, start + batch);
    await client.query(
      `INSERT INTO samples (session_id, time, values)
       SELECT s.id, s.started_at + g.k * $2 * interval '1 millisecond', t.vals
       FROM sessions s CROSS JOIN LATERAL generate_series(0, s.sample_count - 1) AS g(k)
       JOIN bench_template_${options.hz} t ON t.i = (g.k + s.id * 7919) % $3
       WHERE s.id = ANY($1::int[])`,
      [part, stepMs, options.templateSize],
    );
    if (samples === "packed") await client.query("SELECT finish_bulk_load($1::int[])", [part]);
    log(`  loaded ${Math.min(start + batch, ids.length)}/${ids.length} sessions`);
  }
  return ids;
}

/** Bytes on disk of the sample storage and its relational neighbours (tables + indexes + TOAST). */
export async function storageBytes(client: pg.Client): Promise<{ total: number; byRelation: Record<string, number> }> {
  await client.query("VACUUM ANALYZE");
  const rows = await client.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
     WHERE c.relkind IN ('r', 'p') AND c.relname IN (SELECT unnest(sample_storage_relations()))`,
  );
  const byRelation = Object.fromEntries(rows.rows.map((r) => [r.name, Number(r.bytes)]));
  return { total: Object.values(byRelation).reduce((a, b) => a + b, 0), byRelation };
}

/**
 * Many more sessions like `templates` without packing each one: every new session gets a copy
 * of a template session's packed chunks, shifted to its own start (a row copy that keeps the
 * compressed arrays as they are). For the list figure, which needs 10,000 sessions and 6 million
 * stored samples but measures only the session table; packing millions of samples one by one
 * would take the harness tens of minutes on a busy machine.
 */
export async function cloneSessions(
  client: pg.Client,
  owner: BenchOwner,
  templates: number[],
  options: { count: number; endMs: number; torqueSessionBase: number; packed: boolean },
  log: (line: string) => void = () => undefined,
): Promise<number[]> {
  const template = await client.query<{ n: number }>("SELECT sample_count AS n FROM sessions WHERE id = $1", [templates[0]]);
  const ids = await loadSessions(client, owner, { count: options.count, samplesPerSession: template.rows[0].n, hz: 1, templateSize: 1, endMs: options.endMs, torqueSessionBase: options.torqueSessionBase }, log, "none");
  const step = options.packed ? 1000 : 200;
  for (let start = 0; start < ids.length; start += step) {
    if (!options.packed) {
      await client.query(
        `INSERT INTO samples (session_id, time, values)
         SELECT s.id, h.time + (s.started_at - t.started_at), h.values
         FROM unnest($1::int[]) WITH ORDINALITY AS x(id, i)
         JOIN sessions s ON s.id = x.id
         JOIN sessions t ON t.id = ($2::int[])[1 + (x.i - 1) % cardinality($2::int[])]
         JOIN samples h ON h.session_id = t.id`,
        [ids.slice(start, start + step), templates],
      );
      log(`  cloned ${Math.min(start + step, ids.length)}/${ids.length} sessions`);
      continue;
    }
    await client.query(
      `INSERT INTO sample_chunks (session_id, first_time, last_time, n, time_offsets, f8_cols, f4, f8)
       SELECT s.id, c.first_time + (s.started_at - t.started_at), c.last_time + (s.started_at - t.started_at), c.n, c.time_offsets, c.f8_cols, c.f4, c.f8
       FROM unnest($1::int[]) WITH ORDINALITY AS x(id, i)
       JOIN sessions s ON s.id = x.id
       JOIN sessions t ON t.id = ($2::int[])[1 + (x.i - 1) % cardinality($2::int[])]
       JOIN sample_chunks c ON c.session_id = t.id`,
      [ids.slice(start, start + step), templates],
    );
    log(`  cloned ${Math.min(start + step, ids.length)}/${ids.length} sessions`);
  }
  return ids;
}
