import { spawnSync } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** Source trees whose change makes a production build stale. */
const SOURCES = ["app", "components", "lib", "public", "next.config.js", "package-lock.json", "auth.config.ts", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "generated", "data"]);

/** The newest modification time of a file, or of anything in a directory tree (tests and SKIP aside). */
export async function newestMtime(target: string, options: { includeGenerated?: boolean } = {}): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if ((SKIP.has(entry.name) && !(options.includeGenerated && entry.name === "generated")) || entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, await newestMtime(path.join(target, entry.name), options));
  }
  return newest;
}

/** True when there is no production build, or a source file is newer than it. */
export async function buildIsStale(root: string): Promise<boolean> {
  const built = await stat(path.join(root, ".next", "BUILD_ID")).catch(() => null);
  if (!built) return true;
  for (const source of SOURCES) {
    if ((await newestMtime(path.join(root, source))) > built.mtimeMs) return true;
  }
  return false;
}

/** Runs `next build` in `root` (production, no telemetry), its output on ours; throws when it fails. */
export function runNextBuild(root: string): void {
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1" },
  });
  if (build.status !== 0) throw new Error("next build failed (see above).");
}
