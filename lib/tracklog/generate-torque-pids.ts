/**
 * Regenerates lib/tracklog/torque-pids.ts from the Torque fixture (a dev script, not part
 * of the app). Run from the repo root: `npx tsx lib/tracklog/generate-torque-pids.ts`.
 * Torque's own metadata is the authority for names and units; we do not copy tables from
 * other projects, some of which map names to the wrong PIDs.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FIXTURE_PROVENANCE, readFixtureCsv, readFixtureRequests } from "./fixture.testutil";
import { buildPidTable, collectPidMetadata, renderPidTableSource } from "./pid-metadata";

const meta = collectPidMetadata(readFixtureRequests());
const headerCells = readFixtureCsv().split("\n", 1)[0].split(",");
const rows = buildPidTable(meta, headerCells);
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), "torque-pids.ts");
fs.writeFileSync(target, renderPidTableSource(rows, FIXTURE_PROVENANCE));
console.log(`wrote ${rows.length} PIDs to ${target}`);
