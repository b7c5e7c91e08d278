/**
 * Types and limits of the Torque upload protocol, shared by the parser and its callers.
 * Kept apart from the parser so that the contract reads on one page.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The real 13.4 KB metadata request has 438 keys; 1,000 leaves room and bounds the work (UPLOAD_MAX_KEYS overrides). */
export const MAX_KEYS = 1000;
/** A PID value is a short decimal (`-121.46168616`, `7.0680253E-4`); 64 is generous. */
export const MAX_VALUE_LENGTH = 64;
/** Names, units, profile name, notice text: they become indexed/displayed strings. */
export const MAX_TEXT_LENGTH = 255;
/** The longest valid e-mail address (RFC 5321 path limit). */
export const MAX_EMAIL_LENGTH = 254;
/** `id` is 32 hex chars (an MD5) in every known version; 64 allows a longer hash. */
export const MAX_DEVICE_ID_LENGTH = 64;
/** Torque Pro did not exist before 2008; an older timestamp is a broken phone clock or input. */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2008, 0, 1);
/** Phone clocks drift and time zones confuse; more than 2 days ahead is not drift. */
export const MAX_FUTURE_SKEW_MS = 2 * DAY_MS;
/** A sample stamped a week before its own trip started cannot belong to that trip. */
export const MAX_TIME_BEFORE_SESSION_MS = 7 * DAY_MS;

export type UploadErrorCode =
  | "invalid_field" // required field missing or malformed
  | "implausible_timestamp" // well-formed but before 2008, in the future, or time << session
  | "too_many_keys"
  | "value_too_long";

export interface UploadError {
  code: UploadErrorCode;
  /** A complete human sentence, safe to show to the user who configured the app. */
  message: string;
  /** The offending request key, when there is one. */
  field?: string;
}

export type UploadParseResult = { ok: true; upload: TorqueUpload } | { ok: false; error: UploadError };

export type SkipReason = "not-finite" | "not-a-number" | "empty";

export interface TorqueProfile {
  name?: string;
  fuelType?: number;
  weight?: number;
  ve?: number;
  fuelCost?: number;
}

export interface TorqueUpload {
  /** `v`; null if absent or not an integer (it drives nothing, so it is not worth a rejection). */
  version: number | null;
  /** `session`: epoch ms of trip start, the trip's identity. */
  session: number;
  /** `id`: lower-cased hex. */
  deviceId: string;
  /** `eml`; "" -> null. */
  email: string | null;
  /** `time`: epoch ms of this sample. */
  time: number;
  /** Normalised PID key -> finite value, from `k<pid>`. */
  values: Map<string, number>;
  /** PIDs whose (last) value was unusable; absent, never stored as a number. */
  skipped: { key: string; raw: string; reason: SkipReason }[];
  defaultUnits: Map<string, string>;
  userUnits: Map<string, string>;
  shortNames: Map<string, string>;
  fullNames: Map<string, string>;
  /** null when no `profile*` key was sent. */
  profile: TorqueProfile | null;
  /** null when neither `notice` nor `noticeClass` was sent. */
  notice: { text: string; noticeClass: string | null } | null;
  /** Keys we do not know, first occurrence order, without duplicates. */
  ignoredKeys: string[];
}
