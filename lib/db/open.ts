import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "@/lib/config";
import { EmbeddedPostgresManager, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

/**
 * The one way the server, the admin CLI and the tests get a database: DATABASE_URL when set,
 * otherwise the embedded PostgreSQL under DATA_DIR; migrations applied either way.
 */
export async function openDatabase(
  config: Config,
  mode: "own" | "attach",
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  let db: EmbeddedDatabase;
  if (config.DATABASE_URL) {
    db = { url: config.DATABASE_URL, owned: false, stop: async () => undefined };
  } else {
    const manager = new EmbeddedPostgresManager({ dataDir: config.dataDir, port: config.EMBEDDED_PG_PORT, log });
    db = await manager.start(mode);
  }
  try {
    const result = await migrate(db.url);
    for (const name of result.applied) log(`Applied migration ${name}`);
  } catch (error) {
    await db.stop();
    throw error;
  }
  return db;
}

/** next-auth needs a secret; a fresh install gets a random one kept in DATA_DIR. */
export async function ensureAuthSecret(config: Config): Promise<string> {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  const file = path.join(config.dataDir, "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing?.trim()) return existing.trim();
  await mkdir(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
