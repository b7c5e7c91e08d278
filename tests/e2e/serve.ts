/**
 * The server the browser tests use: a fresh DATA_DIR (embedded PostgreSQL), a known user, then
 * the real production server (dist/server.mjs, as `npm start` runs it). Playwright stops it
 * with SIGTERM, which stops the database too; if anything kills it harder,
 * tests/e2e/global-setup.ts's teardown stops the cluster.
 */
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { ensureServerBundle, SERVER_ARGS } from "../../scripts/lib/server-bundle";
import { e2eDataDir } from "./data-dir";

const E2E_EMAIL = "driver@example.com";
const E2E_PASSWORD = "correct horse battery staple";
const root = path.resolve(import.meta.dirname, "..", "..");
const port = process.env.E2E_PORT ?? "3199";
const dataDir = e2eDataDir(port);
rmSync(dataDir, { recursive: true, force: true });
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: port, HOST: "127.0.0.1", EMBEDDED_PG_PORT: String(20000 + Number(port)) };
delete env.DATABASE_URL;
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");

const created = spawnSync(process.execPath, [tsx, "--conditions=react-server", "scripts/admin.ts", "user", "add", E2E_EMAIL, "--password", E2E_PASSWORD], {
  cwd: root,
  env,
  stdio: "inherit",
});
if (created.status !== 0) process.exit(created.status ?? 1);

// One process (no npm or tsx CLI in between): on SIGTERM it stops its database before it exits,
// and this script exits only after it, so Playwright's final kill finds nothing left to kill.
await ensureServerBundle(root);
const server = spawn(process.execPath, SERVER_ARGS, { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
