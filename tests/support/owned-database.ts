import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { EmbeddedPostgresManager } from "@/lib/db/embedded";

/**
 * For tests that run the server on a database of their own (one they kill, stop or restart):
 * the embedded cluster in a DATA_DIR, and pointing this test process's db() at it.
 */
export function clusterManager(dataDir: string, port: number): EmbeddedPostgresManager {
  return new EmbeddedPostgresManager({ dataDir, port });
}

/** The URL the server uses for the embedded cluster it created in `dataDir`. */
export async function embeddedUrl(dataDir: string, port: number): Promise<string> {
  const password = (await readFile(path.join(dataDir, "pg-password"), "utf8")).trim();
  return clusterManager(dataDir, port).url(password);
}

/** What lib/db/client keeps on globalThis: the Prisma client and the pool under it. */
type ClientHolder = { prisma?: { $disconnect(): Promise<void> }; pgPool?: { end(): Promise<void> } };

/** From now on, lib/db/client's db() and pool() in this test process talk to `url`. */
export async function pointDbAt(url: string): Promise<void> {
  const holder = globalThis as unknown as ClientHolder;
  await holder.prisma?.$disconnect().catch(() => undefined);
  await holder.pgPool?.end().catch(() => undefined);
  holder.prisma = undefined;
  holder.pgPool = undefined;
  process.env.DATABASE_URL = url;
}

/** Leaves nothing behind, even after a failed test: stops the cluster if it runs, deletes the directory. */
export async function removeCluster(dataDir: string, port: number): Promise<void> {
  await clusterManager(dataDir, port).stopCluster().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
}

/** The pid in postmaster.pid, whether or not that process is alive. */
export async function postmasterPid(dataDir: string): Promise<number | null> {
  const text = await readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number(text.split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
