import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

/**
 * One connection pool and one Prisma client per process, over node-postgres (no engine
 * binary). The URL is read at first use: the start script sets DATABASE_URL once the (embedded)
 * database is up. Prisma runs on the same pool that `pool()` hands to the few hot paths that use
 * typed raw SQL directly (the upload statement: Prisma's query pipeline costs ~2 ms of CPU per
 * call there, the statement itself well under 1 ms; see bench/README.md).
 */
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pgPool?: pg.Pool };

function createPool(): pg.Pool {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the server with `npm start`.");
  const pool = new pg.Pool({
    connectionString,
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    // Fail fast when the database is down: uploads must get a 503 within seconds, not hang.
    connectionTimeoutMillis: 3_000,
    statement_timeout: 30_000,
    // Notice a database host that vanished without closing the connection (VM paused, network gone).
    keepAlive: true,
  });
  // An idle connection the server drops (restart, shutdown, admin) must not crash the process:
  // the pool discards it and the next query opens a new one.
  pool.on("error", (error) => logger.warn("database connection lost", { error }));
  return pool;
}

export function pool(): pg.Pool {
  globalForPrisma.pgPool ??= createPool();
  return globalForPrisma.pgPool;
}

export function db(): PrismaClient {
  globalForPrisma.prisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForPrisma.prisma;
}
