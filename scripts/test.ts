/**
 * `npm test`: the whole suite, in the order that fails fastest.
 *   1. unit tests (pure modules)
 *   2. a production build when sources changed (the integration and browser tests run the real server)
 *   3. integration tests on a fresh embedded PostgreSQL
 *   4. the same integration tests on the PostgreSQL at TEST_DATABASE_URL, when set
 *   5. end-to-end tests in Chromium (Playwright)
 * Any failure stops the run with a non-zero exit. `npm test -- --skip-e2e` etc. skip a stage.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsStale } from "./lib/build-check";
import { ensureServerBundle } from "./lib/server-bundle";

const root = path.resolve(import.meta.dirname, "..");
const args = new Set(process.argv.slice(2));
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function step(title: string, command: string, argv: string[], env: Record<string, string> = {}): void {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const result = spawnSync(command, argv, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed after ${seconds} s.`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${title} (${seconds} s)`);
}

async function main(): Promise<void> {
  if (!args.has("--skip-unit")) step("Unit tests", bin("vitest"), ["run", "--project", "unit"]);
  if (await buildIsStale(root)) step("Production build", bin("next"), ["build"], { NODE_ENV: "production" });
  await ensureServerBundle(root, console.log);
  if (!args.has("--skip-integration")) {
    step("Integration tests (embedded PostgreSQL)", bin("vitest"), ["run", "--project", "integration"], { TEST_TARGET: "embedded" });
    if (process.env.TEST_DATABASE_URL) {
      step("Integration tests (TEST_DATABASE_URL)", bin("vitest"), ["run", "--project", "integration"], { TEST_TARGET: "external" });
    } else {
      console.log("(TEST_DATABASE_URL not set: integration tests ran on the embedded PostgreSQL only.)");
    }
  }
  if (!args.has("--skip-e2e")) step("End-to-end tests (Chromium)", bin("playwright"), ["test"]);
  console.log("\nAll test stages passed.");
}

void main();
