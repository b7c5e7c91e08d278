import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Every page and route handler of the app, read from app/ at test time: "PAGE /settings",
 * "GET /api/v1/sessions/[id]", … (route groups like (app) dropped, dynamic segments kept).
 */
const root = path.resolve(import.meta.dirname, "..", "..");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function urlPattern(file: string): string {
  const segments = path
    .relative(path.join(root, "app"), path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return "/" + segments.join("/");
}

/** The HTTP methods a route.ts exports (functions, constants, or destructured handlers). */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}/g)) for (const name of m[1].split(",")) found.add(name.trim().split(/\s*:\s*/).pop() ?? "");
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) for (const name of m[1].split(",")) found.add(name.trim().split(/\s+as\s+/).pop() ?? "");
  return METHODS.filter((method) => found.has(method));
}

export function discoverRoutes(): string[] {
  const files = walk(path.join(root, "app"));
  const keys: string[] = [];
  for (const file of files) {
    const name = path.basename(file);
    if (/^page\.(tsx|ts|jsx|js)$/.test(name)) keys.push(`PAGE ${urlPattern(file)}`);
    if (/^route\.(ts|js)$/.test(name)) for (const method of exportedMethods(readFileSync(file, "utf8"))) keys.push(`${method} ${urlPattern(file)}`);
  }
  return keys.sort();
}
