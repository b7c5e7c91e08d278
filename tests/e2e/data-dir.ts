import os from "node:os";
import path from "node:path";

/** One data directory per e2e port, so a run can always find (and stop) what it started. */
export function e2eDataDir(port: string): string {
  return path.join(os.tmpdir(), `tls-e2e-${port}`);
}
