/**
 * `npm run build`: Next's production build, then the server bundle (scripts/lib/server-bundle.ts).
 * `--if-stale` (npm's "prestart", so `npm start` on a fresh clone or after a pull just works):
 * only what a source change made stale; with BUILD_ON_START=never, never Next's build (which
 * takes a minute or two and the memory of a small box), but still the server bundle (a second).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ConfigError, loadConfig } from "@/lib/config";
import { buildIsStale } from "./lib/build-check";
import { bundleServer, ensureServerBundle } from "./lib/server-bundle";

const root = path.resolve(import.meta.dirname, "..");
const say = (line: string) => console.log(line);

function nextBuild(): void {
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1" },
  });
  if (build.status !== 0) throw new Error("next build failed (see above).");
}

async function main(): Promise<void> {
  if (!process.argv.includes("--if-stale")) {
    nextBuild();
    await bundleServer(root);
    return;
  }
  if (loadConfig().BUILD_ON_START === "auto" && (await buildIsStale(root))) {
    say("Building the app (first start or sources changed; takes a minute or two) …");
    nextBuild();
  }
  await ensureServerBundle(root, say);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
