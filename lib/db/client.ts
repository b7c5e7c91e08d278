import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

/**
 * One Prisma client per process, over node-postgres (no engine binary). The URL is read at
 * first use: the start script sets DATABASE_URL once the (embedded) database is up.
 */
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function create(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the server with `npm start`.");
  const adapter = new PrismaPg(
    {
      connectionString,
      max: Number(process.env.DB_POOL_SIZE ?? 10),
      // Fail fast when the database is down: uploads must get a 503 within seconds, not hang.
      // (This also bounds the wait for a free connection when all are busy.)
      connectionTimeoutMillis: 3_000,
      statement_timeout: 30_000,
      // Notice a database host that vanished without closing the connection (VM paused, network gone).
      keepAlive: true,
    },
    {
      // An idle connection died (database restarted or stopped): the pool replaces it on next use.
      onPoolError: (error) => logger.warn("database connection lost", { error: error.message }),
    },
  );
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  globalForPrisma.prisma ??= create();
  return globalForPrisma.prisma;
}
