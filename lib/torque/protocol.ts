/**
 * Pure parser for one Torque Pro upload request (see docs/torque-protocol.md).
 *
 * Input is the already percent-decoded key/value pairs in request order; output is a typed
 * upload or one error. No I/O here: the route decides how to answer (Torque retries any
 * reply other than `OK!` forever, so the error code lets it choose what to acknowledge).
 *
 * Design choices, and why:
 * - Bad values of single PIDs are skipped and counted, not fatal: one sensor reporting
 *   `NaN` must not cost the other 60 readings of the sample.
 * - Oversized values and too many keys reject the whole request: no real Torque request
 *   does that, so it is a broken or hostile client and storing a part of it helps nobody.
 * - Unknown keys are ignored, not errors: users add their own query parameters to the
 *   Webserver URL, and future app versions may add fields.
 * - Duplicate keys (Torque sends `kff1005` twice) resolve to the last occurrence, after
 *   PID normalisation, so `k0c` and `kc` are the same key.
 */
import { parseStrictNumber, parseUnsignedInteger } from "./number";
import { normalisePidKey } from "./pid-key";
import {
  EARLIEST_PLAUSIBLE_MS,
  MAX_DEVICE_ID_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_FUTURE_SKEW_MS,
  MAX_KEYS,
  MAX_TEXT_LENGTH,
  MAX_TIME_BEFORE_SESSION_MS,
  MAX_VALUE_LENGTH,
  type TorqueProfile,
  type TorqueUpload,
  type UploadErrorCode,
  type UploadParseResult,
} from "./protocol-types";

// Callers import everything protocol-related from here.
export * from "./protocol-types";
export { normalisePidKey } from "./pid-key";

const SCALAR_KEYS = [
  "v",
  "session",
  "id",
  "eml",
  "time",
  "profileName",
  "profileFuelType",
  "profileWeight",
  "profileVe",
  "profileFuelCost",
  "notice",
  "noticeClass",
] as const;
type ScalarKey = (typeof SCALAR_KEYS)[number];
const SCALAR_SET: ReadonlySet<string> = new Set(SCALAR_KEYS);
function isScalarKey(key: string): key is ScalarKey {
  return SCALAR_SET.has(key);
}

/** Free-text scalars and their length limits; the other scalars are bounded by their own syntax. */
const TEXT_LIMITS: Partial<Record<ScalarKey, number>> = {
  eml: MAX_EMAIL_LENGTH,
  profileName: MAX_TEXT_LENGTH,
  notice: MAX_TEXT_LENGTH,
  noticeClass: MAX_TEXT_LENGTH,
};

type MetaKind = "defaultUnits" | "userUnits" | "shortNames" | "fullNames";
/** Prefixes are case-sensitive exactly as Torque sends them; only the hex part is not. */
const PREFIXES: readonly (readonly [string, MetaKind | "value"])[] = [
  ["defaultUnit", "defaultUnits"],
  ["userUnit", "userUnits"],
  ["userShortName", "shortNames"],
  ["userFullName", "fullNames"],
  ["k", "value"],
];

function matchPidKey(key: string): { kind: MetaKind | "value"; pid: string } | null {
  for (const [prefix, kind] of PREFIXES) {
    if (!key.startsWith(prefix)) continue;
    const pid = normalisePidKey(key.slice(prefix.length));
    return pid === null ? null : { kind, pid };
  }
  return null;
}

/**
 * Whether `s` has more than `limit` characters, counting Unicode code points (as a
 * database text limit does), so "°" or "₂" count once. Short-circuits on UTF-16 length.
 */
function exceeds(s: string, limit: number): boolean {
  if (s.length <= limit) return false;
  if (s.length > 2 * limit) return true;
  let n = 0;
  for (const _ of s) if (++n > limit) return true;
  return false;
}

/** Quote a client-supplied value for an error message without echoing kilobytes back. */
function quote(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
}

function fail(code: UploadErrorCode, message: string, field?: string): UploadParseResult {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

/** PostgreSQL text cannot hold NUL, and no app sends it: a NUL in a stored text is a broken or hostile client. */
function hasNul(field: string, value: string): UploadParseResult | null {
  return value.includes("\u0000") ? fail("invalid_field", `The value of "${field}" contains a NUL character.`, field) : null;
}

function tooLong(field: string, limit: number): UploadParseResult {
  return fail("value_too_long", `The value of "${field}" is longer than ${limit} characters.`, field);
}

/** Strict number or undefined: a bad profile number drops that field, not the profile. */
function optionalNumber(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = parseStrictNumber(raw);
  return n.ok ? n.value : undefined;
}

function readTimestamp(
  scalars: Map<ScalarKey, string>,
  field: "session" | "time",
): { ok: true; value: number } | { ok: false; result: UploadParseResult } {
  const raw = scalars.get(field);
  if (raw === undefined) {
    return { ok: false, result: fail("invalid_field", `The required field "${field}" is missing.`, field) };
  }
  const value = parseUnsignedInteger(raw);
  if (value === null) {
    const message = `The field "${field}" must be a whole number of epoch milliseconds (digits only), but was ${quote(raw)}.`;
    return { ok: false, result: fail("invalid_field", message, field) };
  }
  return { ok: true, value };
}

function checkPlausible(field: "session" | "time", value: number, now: number): UploadParseResult | null {
  if (value < EARLIEST_PLAUSIBLE_MS) {
    const message = `The field "${field}" (${value}) is before 2008-01-01; the phone's clock or the request is wrong.`;
    return fail("implausible_timestamp", message, field);
  }
  if (value > now + MAX_FUTURE_SKEW_MS) {
    const message = `The field "${field}" (${value}) is more than 2 days in the future; the phone's clock is wrong.`;
    return fail("implausible_timestamp", message, field);
  }
  return null;
}

/**
 * Parse one upload. Errors are reported in this order: too many keys and over-long values
 * (in request order, as they are seen), then `session`, `id`, `time`, then plausibility.
 */
export function parseTorqueUpload(params: Iterable<[string, string]>, opts?: { now?: number; maxKeys?: number }): UploadParseResult {
  const now = opts?.now ?? Date.now();
  const maxKeys = opts?.maxKeys ?? MAX_KEYS;
  const scalars = new Map<ScalarKey, string>();
  const rawValues = new Map<string, string>();
  const meta: Record<MetaKind, Map<string, string>> = {
    defaultUnits: new Map(),
    userUnits: new Map(),
    shortNames: new Map(),
    fullNames: new Map(),
  };
  const ignored = new Set<string>();

  let count = 0;
  for (const [key, value] of params) {
    // Checked while iterating so an enormous input is abandoned early, not materialised.
    if (++count > maxKeys) {
      return fail("too_many_keys", `The request has more than ${maxKeys} keys; Torque never sends that many.`);
    }
    if (isScalarKey(key)) {
      const limit = TEXT_LIMITS[key];
      if (limit !== undefined && exceeds(value, limit)) return tooLong(key, limit);
      const nul = limit !== undefined ? hasNul(key, value) : null;
      if (nul) return nul;
      scalars.set(key, value);
      continue;
    }
    const pidKey = matchPidKey(key);
    if (pidKey === null) {
      ignored.add(key);
    } else if (pidKey.kind === "value") {
      if (exceeds(value, MAX_VALUE_LENGTH)) return tooLong(key, MAX_VALUE_LENGTH);
      rawValues.set(pidKey.pid, value);
    } else {
      if (exceeds(value, MAX_TEXT_LENGTH)) return tooLong(key, MAX_TEXT_LENGTH);
      const nul = hasNul(key, value);
      if (nul) return nul;
      meta[pidKey.kind].set(pidKey.pid, value);
    }
  }

  const session = readTimestamp(scalars, "session");
  if (!session.ok) return session.result;

  const rawId = scalars.get("id");
  if (rawId === undefined) return fail("invalid_field", `The required field "id" is missing.`, "id");
  if (rawId.length === 0 || rawId.length > MAX_DEVICE_ID_LENGTH || !/^[0-9a-fA-F]+$/.test(rawId)) {
    const message = `The field "id" must be 1 to ${MAX_DEVICE_ID_LENGTH} hexadecimal characters, but was ${quote(rawId)}.`;
    return fail("invalid_field", message, "id");
  }

  const time = readTimestamp(scalars, "time");
  if (!time.ok) return time.result;

  const implausible = checkPlausible("session", session.value, now) ?? checkPlausible("time", time.value, now);
  if (implausible) return implausible;
  if (time.value < session.value - MAX_TIME_BEFORE_SESSION_MS) {
    const message = `The field "time" (${time.value}) is more than 7 days before the trip's "session" start (${session.value}).`;
    return fail("implausible_timestamp", message, "time");
  }

  // Classify after the loop so that "last wins" also decides between a good and a bad value.
  const values = new Map<string, number>();
  const skipped: TorqueUpload["skipped"] = [];
  for (const [key, raw] of rawValues) {
    const n = parseStrictNumber(raw);
    if (n.ok) values.set(key, n.value);
    else skipped.push({ key, raw, reason: n.reason });
  }

  const rawVersion = scalars.get("v");
  const email = scalars.get("eml");

  return {
    ok: true,
    upload: {
      version: rawVersion === undefined ? null : parseUnsignedInteger(rawVersion),
      session: session.value,
      deviceId: rawId.toLowerCase(),
      email: email === undefined || email === "" ? null : email,
      time: time.value,
      values,
      skipped,
      ...meta,
      profile: readProfile(scalars),
      notice: readNotice(scalars),
      ignoredKeys: [...ignored],
    },
  };
}

function readProfile(scalars: Map<ScalarKey, string>): TorqueProfile | null {
  const name = scalars.get("profileName");
  const fields = ["profileName", "profileFuelType", "profileWeight", "profileVe", "profileFuelCost"] as const;
  if (!fields.some((f) => scalars.has(f))) return null;
  const profile: TorqueProfile = {};
  // An empty name names nothing; leaving it out lets the caller keep a name it already has.
  if (name !== undefined && name !== "") profile.name = name;
  const numbers = [
    ["fuelType", "profileFuelType"],
    ["weight", "profileWeight"],
    ["ve", "profileVe"],
    ["fuelCost", "profileFuelCost"],
  ] as const;
  for (const [prop, key] of numbers) {
    const value = optionalNumber(scalars.get(key));
    if (value !== undefined) profile[prop] = value;
  }
  return profile;
}

function readNotice(scalars: Map<ScalarKey, string>): TorqueUpload["notice"] {
  const text = scalars.get("notice");
  const noticeClass = scalars.get("noticeClass");
  // A lone noticeClass still says an event happened; keep it rather than lose it.
  if (text === undefined && noticeClass === undefined) return null;
  return { text: text ?? "", noticeClass: noticeClass === undefined || noticeClass === "" ? null : noticeClass };
}

/** The request carries a sample (even one whose every value was unusable: it still marks a point in time). */
export function uploadHasData(u: TorqueUpload): boolean {
  return u.values.size > 0 || u.skipped.length > 0;
}

/**
 * The request carries something about the session other than a sample: units, names,
 * profile, or a notice. Notices are included so that `hasData || hasMetadata` is false only
 * for a request that carried nothing at all.
 */
export function uploadHasMetadata(u: TorqueUpload): boolean {
  return (
    u.defaultUnits.size > 0 ||
    u.userUnits.size > 0 ||
    u.shortNames.size > 0 ||
    u.fullNames.size > 0 ||
    u.profile !== null ||
    u.notice !== null
  );
}
