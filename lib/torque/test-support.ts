/**
 * Shared builders for the lib/torque unit tests (not used by production code).
 * A valid request is the fixture trip's own header fields, so every test starts from
 * something the real app sent and changes one thing.
 */
import { parseTorqueUpload, type TorqueUpload, type UploadError } from "./protocol";

export const SESSION = 1459259898185;
export const TIME = 1459259903456;
export const DEVICE = "8a10dcdc03a8b509d9ff1dc42b855a4e";
/** A fixed "now" a few years after the fixture trip, so tests never depend on the clock. */
export const NOW = Date.UTC(2024, 5, 1);

export type Pairs = [string, string][];

export function header(overrides: Record<string, string | undefined> = {}): Pairs {
  const fields: Record<string, string | undefined> = {
    eml: "driver@example.com",
    v: "8",
    session: String(SESSION),
    id: DEVICE,
    time: String(TIME),
    ...overrides,
  };
  return Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
}

/** Parse header + extra pairs and fail the test loudly if the parser rejected it. */
export function parseOk(extra: Pairs = [], overrides: Record<string, string | undefined> = {}): TorqueUpload {
  const r = parseTorqueUpload([...header(overrides), ...extra], { now: NOW });
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.upload;
}

/** Parse header + extra pairs and return the error, failing if the parser accepted it. */
export function parseErr(extra: Pairs = [], overrides: Record<string, string | undefined> = {}, now = NOW): UploadError {
  const r = parseTorqueUpload([...header(overrides), ...extra], { now });
  if (r.ok) throw new Error("expected an error, got ok");
  return r.error;
}
