import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from "@/lib/db/migrate";
import { externalDatabase, type TestDatabase } from "../support/test-database";

/**
 * Migration 20261205100000_chunk_time_offsets rewrites every packed chunk's times from deltas
 * (ms since the previous sample) to offsets (ms since the chunk's first sample). A database
 * packed by the earlier migrations must read exactly the same samples afterwards, and a chunk
 * whose offsets would not fit an INTEGER (one spanning more than 24.8 days, which deltas
 * allowed) must come back as hot rows and be packed again in chunks that fit.
 */
const OFFSETS_MIGRATION = "20261205100000_chunk_time_offsets";
const T0 = Date.UTC(2023, 4, 1, 8);
const DAY = 86_400_000;

let database: TestDatabase;
let client: pg.Client;
let earlier: string;

/** Migrations before the offsets one, in a directory of their own. */
async function migrationsBefore(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tls-migrations-"));
  for (const { name: migration } of await readMigrations()) {
    if (migration < name) await cp(path.join(DEFAULT_MIGRATIONS_DIR, migration), path.join(dir, migration), { recursive: true });
  }
  return dir;
}

async function sessionWith(torqueSession: number, times: number[]): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `WITH u AS (INSERT INTO users (email, password_hash, updated_at) VALUES ($1, 'x', now()) RETURNING id),
          d AS (INSERT INTO devices (user_id, torque_id) SELECT id, md5($1) FROM u RETURNING id, user_id)
     INSERT INTO sessions (user_id, device_id, torque_session, started_at, pid_keys)
     SELECT user_id, id, $2, to_timestamp($3 / 1000.0), ARRAY['d', 'ff1005'] FROM d RETURNING id`,
    [`migration-${torqueSession}@example.com`, torqueSession, times[0]],
  );
  const id = rows[0].id;
  await client.query(
    `INSERT INTO samples (session_id, time, values)
     SELECT $1, to_timestamp(t / 1000.0), ARRAY[(i % 97) + 0.25, -121.4 - i * 0.00000071]::float8[]
     FROM unnest($2::bigint[]) WITH ORDINALITY AS x(t, i)`,
    [id, times],
  );
  await client.query("SELECT compact_session_samples($1)", [id]);
  return id;
}

async function samplesOf(sessionId: number): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `SELECT (extract(epoch FROM time) * 1000)::bigint || ' ' || values::text AS line FROM session_samples($1)`,
    [sessionId],
  );
  return rows.map((r) => r.line);
}

beforeAll(async () => {
  database = await externalDatabase(process.env.DATABASE_URL!);
  earlier = await migrationsBefore(OFFSETS_MIGRATION);
  await migrate(database.url, earlier);
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await database?.stop();
  if (earlier) await rm(earlier, { recursive: true, force: true });
});

describe("migrating packed chunks from time deltas to time offsets", () => {
  it("keeps every sample, turns deltas into offsets, and repacks a chunk too long for them", async () => {
    // 1,500 samples at irregular steps: three chunks of 500.
    const steps = Array.from({ length: 1500 }, (_, i) => T0 + i * 100 + ((i * 37) % 11));
    const regular = await sessionWith(1, steps);
    // Four samples 20 days apart: one chunk spanning 60 days.
    const long = await sessionWith(2, [T0, T0 + 20 * DAY, T0 + 40 * DAY + 7, T0 + 60 * DAY + 9]);
    const before = { regular: await samplesOf(regular), long: await samplesOf(long) };
    const { rows: deltas } = await client.query<{ d: number[] }>("SELECT time_deltas AS d FROM sample_chunks WHERE session_id = $1 ORDER BY first_time", [regular]);
    expect(deltas.map((r) => r.d.length)).toEqual([500, 500, 500]);

    const result = await migrate(database.url);
    // The offsets migration first, then any later ones (they do not touch the chunks' times).
    const later = (await readMigrations()).map((m) => m.name).filter((name) => name > OFFSETS_MIGRATION);
    expect(result.applied).toEqual([OFFSETS_MIGRATION, ...later]);

    const { rows: chunks } = await client.query<{ o: number[]; first: Date; last: Date; n: number }>(
      "SELECT time_offsets AS o, first_time AS first, last_time AS last, n FROM sample_chunks WHERE session_id = $1 ORDER BY first_time",
      [regular],
    );
    chunks.forEach((chunk, c) => {
      expect(chunk.o[0]).toBe(0);
      expect(chunk.first.getTime() + chunk.o[chunk.n - 1]).toBe(chunk.last.getTime());
      // The offsets are the running sum of the old deltas.
      let sum = 0;
      expect(chunk.o).toEqual(deltas[c].d.map((d) => (sum += d)));
    });
    expect(await samplesOf(regular)).toEqual(before.regular);

    // The 60-day chunk went back to hot rows, unchanged; packing makes chunks under 2^31 ms.
    const stored = await client.query<{ hot: number; chunks: number }>(
      "SELECT (SELECT count(*)::int FROM samples WHERE session_id = $1) AS hot, (SELECT count(*)::int FROM sample_chunks WHERE session_id = $1) AS chunks",
      [long],
    );
    expect(stored.rows[0]).toEqual({ hot: 4, chunks: 0 });
    expect(await samplesOf(long)).toEqual(before.long);
    await client.query("SELECT compact_session_samples($1)", [long]);
    const { rows: repacked } = await client.query<{ span: number; n: number }>(
      "SELECT (extract(epoch FROM last_time - first_time) * 1000)::bigint::float8 AS span, n FROM sample_chunks WHERE session_id = $1 ORDER BY first_time",
      [long],
    );
    expect(repacked.reduce((sum, r) => sum + r.n, 0)).toBe(4);
    expect(repacked.every((r) => r.span < 2 ** 31)).toBe(true);
    expect(await samplesOf(long)).toEqual(before.long);
  });
});
