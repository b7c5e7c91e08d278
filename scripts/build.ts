/**
 * `npm run build`: Next's production build, then the server bundle (scripts/lib/server-bundle.ts).
 * `--if-stale` (npm's "prestart", so `npm start` on a fresh clone or after a pull just works):
 * only what a source change made stale; with BUILD_ON_START=never, never Next's build (which
 * takes a minute or two and the memory of a small box), but still the server bundle (a second).
 */
import path from "node:path";
import { ConfigError, loadConfig } from "@/lib/config";
import { buildIsStale, runNextBuild } from "./lib/build-check";
import { bundleServer, ensureServerBundle } from "./lib/server-bundle";

const root = path.resolve(import.meta.dirname, "..");
const say = (line: string) => console.log(line);

async function main(): Promise<void> {
  if (!process.argv.includes("--if-stale")) {
    runNextBuild(root);
    await bundleServer(root);
    return;
  }
  if (loadConfig().BUILD_ON_START === "auto" && (await buildIsStale(root))) {
    say("Building the app (first start or sources changed; takes a minute or two) …");
    runNextBuild(root);
  }
  await ensureServerBundle(root, say);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
