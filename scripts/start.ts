/**
 * The production server (`npm start` runs it as dist/server.mjs, bundled by scripts/build.ts;
 * `npm run dev` runs this file through tsx): starts the embedded PostgreSQL (or uses
 * DATABASE_URL), applies migrations and serves the app through a custom HTTP server that
 * accepts Torque's raw-byte request lines. Logs are JSON lines (lib/log.ts) with a request id and an access-log line per
 * request. SIGINT/SIGTERM: stop accepting, finish in-flight requests (up to
 * SHUTDOWN_TIMEOUT_MS), close the database pool, stop the embedded database, exit 0.
 */
import { register } from "node:module";
import path from "node:path";
import { ConfigError, loadConfig } from "@/lib/config";
import { ensureAuthSecret, openDatabase } from "@/lib/db/open";
import { stampForwardedFor } from "@/lib/http/client-address";
import type { EmbeddedDatabase } from "@/lib/db/embedded";
import { logger } from "@/lib/log";
import { logParserRejections, withAccessLog } from "@/lib/server/access-log";
import { routeConsoleToLogger } from "@/lib/server/console-log";
import { beginShutdown, isShuttingDown } from "@/lib/server/lifecycle";
import { createTorqueHttpServer } from "@/lib/server/raw-request-line";
import { createRequestGuard } from "@/lib/server/request-guard";

const root = path.resolve(import.meta.dirname, "..");

// lib/ modules start with `import "server-only"`, which throws outside React's server build.
// This process is the server, so the upload fast path may load them: resolve it to nothing,
// as the react-server build does. (A global --conditions=react-server would also switch React
// itself to its server build and break Next's rendering.) The bundle resolves it when it is
// built, and a hook would cost it a loader thread with a heap of its own.
if (process.env.SERVER_BUNDLE !== "1") {
  const serverOnlyHook = `export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : n(s, c); }`;
  register(`data:text/javascript,${encodeURIComponent(serverOnlyHook)}`);
}
const dev = process.argv.includes("--dev");
const say = (line: string) => logger.info(line);

let database: EmbeddedDatabase | null = null;

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  routeConsoleToLogger();
  const config = loadConfig();

  say(config.DATABASE_URL ? "Using the PostgreSQL at DATABASE_URL." : `Starting the embedded PostgreSQL (data in ${config.dataDir}) …`);
  database = await openDatabase(config, "own", say);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = await ensureAuthSecret(config);

  const { default: next } = await import("next");
  const app = next({ dev, dir: root, hostname: config.HOST, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const guardRequest = createRequestGuard(root);

  // Uploads skip Next's router (see lib/ingest/node-upload.ts); production only, so `npm run
  // dev` keeps hot reload on the route.
  const fastUploads = !dev && config.UPLOAD_VIA_NEXT === "0";
  const { serveUpload } = await import("@/lib/ingest/node-upload");
  const { uploadPathToken } = await import("@/lib/ingest/upload-path");
  const { default: nextConfig } = (await import(path.join(root, "next.config.js"))) as { default: { headers?: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]> } };
  // The headers next.config.js gives /api/upload (rules "/:path*", "/api/:path*", …: a source that
  // ends in ":path*" and whose fixed part starts the upload path), so both entry points agree.
  const uploadRules = ((await nextConfig.headers?.()) ?? []).filter((r) => r.source.endsWith(":path*") && "/api/upload/".startsWith(r.source.slice(0, -":path*".length)));
  const everyResponse = uploadRules.flatMap((r) => r.headers.map((h): [string, string] => [h.key, h.value]));

  const server = createTorqueHttpServer(
    // Torque's metadata request is 13.4 KB in one request line; Node's default limit is 16 KB.
    { maxHeaderSize: 64 * 1024, keepAliveTimeout: 65_000, requestTimeout: 60_000 },
    withAccessLog((req, res) => {
      // Draining: answer what is in flight, but do not keep connections open for more.
      if (isShuttingDown()) res.setHeader("Connection", "close");
      stampForwardedFor(req.headers, req.socket.remoteAddress, config.TRUST_PROXY);
      const uploadToken = fastUploads ? uploadPathToken(req.method, req.url) : null;
      if (uploadToken !== null) {
        serveUpload(req, res, uploadToken, everyResponse).catch((error: unknown) => {
          logger.error("upload handler failed", { error });
          if (!res.headersSent) res.writeHead(500).end("Internal server error");
        });
        return;
      }
      guardRequest(req, res)
        .then((forNext) => (forNext ? handle(forNext, res) : undefined))
        .catch((error: unknown) => {
          logger.error("request handler failed", { error });
          if (!res.headersSent) res.writeHead(500).end("Internal server error");
        });
    }),
  );
  logParserRejections(server);

  // Packs quiet sessions' samples into compressed chunks (lib/samples/write.ts), unless
  // SAMPLE_PACKING=0: every minute, one run at a time; a failure is logged and retried.
  const { compactIdleSessions } = await import("@/lib/samples/write");
  let compacting = false;
  const compactor = setInterval(() => {
    if (compacting || config.SAMPLE_PACKING !== "1") return;
    compacting = true;
    compactIdleSessions()
      .catch((error: unknown) => logger.error("sample compaction failed", { error }))
      .finally(() => (compacting = false));
  }, 60_000);
  compactor.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, resolve);
  });

  const shown = config.PUBLIC_URL ?? `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
  say(`Ready: open ${shown} in a browser.`);
  // (Worded so that the log's token redaction leaves it alone.)
  say(`Torque Pro → Settings → Data Logging & Upload → Webserver URL: ${shown.replace(/\/$/, "")}/api/upload/ + an upload token from Settings`);
  say(`No user yet? Open ${shown.replace(/\/$/, "")}/setup, or run: npm run --silent admin -- user add you@example.com --password '…'`);

  const shutdown = async (signal: string) => {
    if (isShuttingDown()) return;
    beginShutdown(signal);
    say(`${signal}: finishing in-flight requests, then stopping …`);
    const force = setTimeout(() => {
      logger.warn("shutdown timeout: closing the connections still open", { timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
      server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_MS);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(force);
    clearInterval(compactor);
    await stopDatabase();
    say("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

/** Closes the pool (Next's module instance shares it through globalThis) and stops our database. */
async function stopDatabase(): Promise<void> {
  const held = globalThis as { prisma?: { $disconnect(): Promise<void> }; pgPool?: { end(): Promise<void> } };
  await held.prisma?.$disconnect().catch(() => undefined);
  // Prisma does not end a pool it was handed (lib/db/client.ts shares one with raw SQL).
  await held.pgPool?.end().catch(() => undefined);
  await database?.stop();
}

/** Start-up failed: log it as JSON, stop the embedded database if we started it, exit non-zero. */
async function die(message: string, error: unknown): Promise<never> {
  logger.error(message, { error: error instanceof ConfigError ? error.message : error });
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
  await Promise.race([stopDatabase().catch(() => undefined), timeout]);
  process.exit(1);
}

// No process-wide uncaughtException/unhandledRejection handlers here: Next installs its own,
// which log and keep serving (unawaited data promises are a normal pattern in React Server
// Components); their console.error output reaches the JSON logger.
main().catch((error: unknown) =>
  die(`Could not start: ${error instanceof Error ? error.message : String(error)}`, error),
);
