import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Profile names, PID names, notes and device nicknames come from phones and users: attacker
 * controlled. React escapes text it renders; these ways around React do not, so none may be
 * used anywhere in the app's own code (a chart or map that needs markup builds React
 * elements, never strings).
 */
const root = path.resolve(import.meta.dirname, "..");
const SCANNED = ["app", "components", "lib", "proxy.ts"];
const FORBIDDEN: [RegExp, string][] = [
  [/dangerouslySetInnerHTML/, "dangerouslySetInnerHTML"],
  [/\.(innerHTML|outerHTML)\s*[+]?=/, "assignment to innerHTML/outerHTML"],
  [/insertAdjacentHTML|createContextualFragment|document\.write\s*\(/, "HTML parsing from a string"],
  [/`\s*<(svg|div|span|img|a|p|table|tr|td|script|style|iframe)[\s>]/, "an HTML/SVG string built in a template literal"],
];

function sources(entry: string): string[] {
  const full = path.join(root, entry);
  if (/\.(ts|tsx|js|jsx)$/.test(entry)) return [full];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js|jsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes(`${path.sep}generated${path.sep}`));
}

describe("no raw HTML from strings", () => {
  const files = SCANNED.flatMap(sources);

  it("scans the app's sources", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(FORBIDDEN.map(([pattern, what]) => [what, pattern] as const))("nothing uses %s", (_what, pattern) => {
    const offenders = files.filter((f) => pattern.test(readFileSync(f, "utf8"))).map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });
});
