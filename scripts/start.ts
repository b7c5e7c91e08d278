/**
 * `npm start`: builds if needed, starts the embedded PostgreSQL (or uses DATABASE_URL), applies
 * migrations and serves the app through a custom HTTP server that accepts Torque's raw-byte
 * request lines. SIGINT/SIGTERM: stop accepting, finish in-flight requests, stop the database,
 * exit 0.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { loadConfig } from "@/lib/config";
import { ensureAuthSecret, openDatabase } from "@/lib/db/open";
import { stampForwardedFor } from "@/lib/http/client-address";
import { createTorqueHttpServer } from "@/lib/server/raw-request-line";
import { buildIsStale } from "./lib/build-check";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const say = (line: string) => console.log(`[torque-logserver] ${line}`);

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const config = loadConfig();

  if (!dev && (await buildIsStale(root))) {
    say("Building the app (first start or sources changed; takes a minute or two) …");
    const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (build.status !== 0) throw new Error("next build failed (see above).");
  }

  say(config.DATABASE_URL ? "Using the PostgreSQL at DATABASE_URL." : `Starting the embedded PostgreSQL (data in ${config.dataDir}) …`);
  const database = await openDatabase(config, "own", say);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = await ensureAuthSecret(config);

  const { default: next } = await import("next");
  const app = next({ dev, dir: root, hostname: config.HOST, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createTorqueHttpServer(
    // Torque's metadata request is 13.4 KB in one request line; Node's default limit is 16 KB.
    { maxHeaderSize: 64 * 1024, keepAliveTimeout: 65_000, requestTimeout: 60_000 },
    (req, res) => {
      stampForwardedFor(req.headers, req.socket.remoteAddress, config.TRUST_PROXY);
      handle(req, res).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500).end("Internal server error");
      });
    },
  );

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, resolve);
  });

  const shown = config.PUBLIC_URL ?? `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
  say(`Ready: open ${shown} in a browser.`);
  say(`Torque Pro → Settings → Data Logging & Upload → Webserver URL: ${shown.replace(/\/$/, "")}/api/upload/<upload token>`);
  say(`No user yet? Open ${shown.replace(/\/$/, "")}/setup, or run: npm run --silent admin -- user add you@example.com --password '…'`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: finishing in-flight requests, then stopping …`);
    const force = setTimeout(() => {
      server.closeAllConnections();
    }, 10_000);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(force);
    await database.stop();
    say("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`[torque-logserver] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
