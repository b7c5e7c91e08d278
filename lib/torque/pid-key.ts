/**
 * PID key normalisation.
 *
 * Torque names a PID by its hex id, but not consistently: metadata keys zero-pad
 * standard PIDs (`userUnit0c`) while data keys do not (`kc`), and the hex case is not
 * guaranteed. Everything that joins values to units/names must go through this one
 * function, otherwise a PID's unit and its samples end up under two different keys.
 */

/**
 * Longest accepted hex suffix. Real keys are at most 6 hex digits (`ff1005`, `222609`);
 * 16 leaves room for manufacturer PIDs nobody has listed yet while bounding what a
 * hostile or broken client can make us store as a key.
 */
export const MAX_PID_HEX_LENGTH = 16;

const HEX = /^[0-9a-fA-F]+$/;

/**
 * Normalise the hex part of a PID key: lower-case, leading zeros stripped, all-zero -> "0".
 *
 * Returns null for anything that is not 1..16 hex digits, so callers can treat the key as
 * unknown instead of inventing a PID. The length limit applies to the raw text (before
 * zero-stripping) because that is what bounds the input; Torque never pads beyond 2 digits.
 *
 *   "0c" -> "c", "FF1005" -> "ff1005", "00" -> "0", "0" -> "0", "" / "xyz" / " c" -> null
 */
export function normalisePidKey(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_PID_HEX_LENGTH || !HEX.test(raw)) return null;
  const stripped = raw.toLowerCase().replace(/^0+/, "");
  return stripped === "" ? "0" : stripped;
}
