/**
 * Test-only access to the real Torque trip fixture (docs: fixtures/torque/README.md).
 * The only file in lib/tracklog that touches the file system; production code never
 * imports it. The fixture lives outside the repository in this workspace, so its folder
 * is looked up: $TORQUE_FIXTURE_DIR, then tests/fixtures/torque in the repo, then
 * /work/shared/fixtures/torque. Tests that need it are skipped when none exists.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

const REQUESTS_FILE = "surfrock66-trip-2016-03-29.requests.txt";
const EXPORT_FILE = "surfrock66-trip-2016-03-29.torque-export.csv";

function findFixtureDir(): string | null {
  const candidates = [
    process.env.TORQUE_FIXTURE_DIR,
    path.resolve(HERE, "../../tests/fixtures/torque"),
    "/work/shared/fixtures/torque",
  ];
  for (const dir of candidates) {
    if (dir !== undefined && dir !== "" && fs.existsSync(path.join(dir, EXPORT_FILE))) return dir;
  }
  return null;
}

export const FIXTURE_DIR = findFixtureDir();
export const FIXTURE_PROVENANCE =
  "fixtures/torque (surfrock66/torque @ 3a4e696, trip of 2016-03-29): requests.txt + torque-export.csv";

function fixturePath(file: string): string {
  if (FIXTURE_DIR === null) throw new Error("Torque fixture not found; set TORQUE_FIXTURE_DIR");
  return path.join(FIXTURE_DIR, file);
}

/**
 * One logged request target -> its query parameters. Apache logs a raw byte as the four
 * characters `\xNN` (and `"`/`\` as `\"`/`\\`); we restore the bytes, percent-encode those
 * >= 0x80 (the phone sent them raw, e.g. "°" as C2 B0) and let URLSearchParams decode,
 * as a server that accepted the raw bytes would see them.
 */
export function decodeRequestLine(line: string): URLSearchParams {
  const q = line.indexOf("?");
  const query = q < 0 ? "" : line.slice(q + 1);
  let out = "";
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === "\\" && query[i + 1] === "x" && /^[0-9a-fA-F]{2}$/.test(query.slice(i + 2, i + 4))) {
      const byte = parseInt(query.slice(i + 2, i + 4), 16);
      out += byte >= 0x80 ? `%${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte);
      i += 3;
    } else if (ch === "\\" && (query[i + 1] === "\\" || query[i + 1] === '"')) {
      out += query[i + 1];
      i += 1;
    } else {
      out += ch;
    }
  }
  return new URLSearchParams(out);
}

/** Every upload request of the trip, in logged order. */
export function readFixtureRequests(): URLSearchParams[] {
  // latin1: the log is ASCII apart from what the \xNN escapes stand for.
  return fs
    .readFileSync(fixturePath(REQUESTS_FILE), "latin1")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map(decodeRequestLine);
}

/** The app's own trackLog.csv export of the same trip, as text. */
export function readFixtureCsv(): string {
  return fs.readFileSync(fixturePath(EXPORT_FILE), "utf8");
}
