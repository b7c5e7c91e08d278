import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// No browser download here: Debian's Chromium when installed, else the one shipped in the npm
// package @sparticuz/chromium (resolved in tests/e2e/global-setup.ts).
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const port = Number(process.env.E2E_PORT ?? 3199);

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  globalSetup: "./tests/e2e/global-setup.ts",
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
    screenshot: "only-on-failure",
    acceptDownloads: true,
    launchOptions: {
      executablePath: systemChromium ?? process.env.E2E_CHROMIUM_PATH,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: "node --import tsx tests/e2e/serve.ts",
    url: `http://127.0.0.1:${port}/api/ping`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM lets the server stop its embedded PostgreSQL; Playwright's default (SIGKILL of the
    // process group) left one running cluster behind per run.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "ignore",
    stderr: "pipe",
    env: { E2E_PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
  },
});
