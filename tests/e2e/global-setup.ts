import { existsSync, rmSync } from "node:fs";
import { EmbeddedPostgresManager } from "../../lib/db/embedded";
import { e2eDataDir } from "./data-dir";

/**
 * Finds a Chromium without downloading one (Debian's, else @sparticuz/chromium's), and after
 * the run makes sure the e2e server's embedded PostgreSQL is stopped: Playwright may kill the
 * server harder than SIGTERM, and pg_ctl's postgres would outlive it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!["/usr/bin/chromium", "/usr/bin/chromium-browser"].some((p) => existsSync(p))) {
    const { default: chromium } = await import("@sparticuz/chromium");
    process.env.E2E_CHROMIUM_PATH = await chromium.executablePath();
  }
  return async () => {
    const port = process.env.E2E_PORT ?? "3199";
    const dataDir = e2eDataDir(port);
    if (!existsSync(dataDir)) return;
    await new EmbeddedPostgresManager({ dataDir, port: 20000 + Number(port) }).stopCluster().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
