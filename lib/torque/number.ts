/**
 * Strict parsing of the numbers Torque sends.
 *
 * `parseFloat` and `Number` are both too forgiving for ingest: `parseFloat("12abc")` is 12,
 * `Number("0x10")` is 16, `Number("")` is 0 and `Number(" ")` is 0. Storing any of those
 * would put invented numbers into a trip, so every value must match a decimal grammar
 * before it is converted.
 */

/** Decimal with optional sign, fraction and exponent: `66.0`, `-121.46`, `7.0680253E-4`, `1e5`, `.5`, `+3`, `5.`. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Java's `Float.toString` writes `NaN`, `Infinity` and `-Infinity`; Torque forwards them when
 * a sensor has no reading. The case-insensitive `inf`/`nan` spellings are accepted too so
 * that they are reported as "not finite" rather than as garbage.
 */
const NON_FINITE = /^[+-]?(?:infinity|inf|nan)$/i;

export type StrictNumber =
  | { ok: true; value: number }
  | { ok: false; reason: "not-finite" | "not-a-number" | "empty" };

/** Classify one value string. Never returns a non-finite number as ok. */
export function parseStrictNumber(raw: string): StrictNumber {
  if (raw === "") return { ok: false, reason: "empty" };
  if (NON_FINITE.test(raw)) return { ok: false, reason: "not-finite" };
  if (!DECIMAL.test(raw)) return { ok: false, reason: "not-a-number" };
  const value = Number(raw);
  // `1e999` matches the grammar but overflows to Infinity: absent, not a number to store.
  if (!Number.isFinite(value)) return { ok: false, reason: "not-finite" };
  // -0 and 0 are the same reading; keeping -0 only surprises Object.is / JSON consumers.
  return { ok: true, value: value === 0 ? 0 : value };
}

const DIGITS = /^\d+$/;

/**
 * Parse a non-negative integer written as plain digits (no sign, fraction, exponent or
 * spaces), as Torque writes `session`, `time` and `v`. Returns null if it is not that or
 * does not fit a safe integer, because a rounded epoch-ms timestamp would silently merge
 * or split samples.
 */
export function parseUnsignedInteger(raw: string): number | null {
  if (!DIGITS.test(raw)) return null;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : null;
}
