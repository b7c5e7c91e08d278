import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { EmbeddedPostgresManager } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

/**
 * A fresh, migrated database for one test run: on the server at TEST_DATABASE_URL when
 * TEST_TARGET=external, otherwise in a new embedded PostgreSQL cluster in a temp directory.
 */
export interface TestDatabase {
  url: string;
  label: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A new, empty database on the server at `baseUrl` (dropped by stop()). */
export async function externalDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `tls_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: `external PostgreSQL (${url.host}/${name})`,
    stop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function embeddedDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tls-test-"));
  const manager = new EmbeddedPostgresManager({ dataDir, port: await freePort() });
  const db = await manager.start("own");
  return {
    url: db.url,
    label: `embedded PostgreSQL (${dataDir})`,
    stop: async () => {
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TEST_TARGET === "external" ? process.env.TEST_DATABASE_URL : undefined;
  const db = external ? await externalDatabase(external) : await embeddedDatabase();
  await migrate(db.url);
  return db;
}

/**
 * An empty, migrated database next to the run's one (same server), for tests that need an
 * instance without users. Dropped by the returned function.
 */
export async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const scratch = await externalDatabase(baseUrl);
  await migrate(scratch.url);
  return { url: scratch.url, drop: scratch.stop };
}
