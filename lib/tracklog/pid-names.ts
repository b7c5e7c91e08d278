/**
 * Matching Torque PID names (as in trackLog.csv headers or upload metadata) to PID keys.
 *
 * The same PID is spelled in slightly different ways depending on where its name comes
 * from: uploads replace "/", "%" and "&" by spaces ("Distance travelled with MIL CEL lit"),
 * the CSV header replaces "," by a space ("Catalyst Temperature (Bank 1 Sensor 1)"), and
 * the user can edit names. nameMatchKey folds exactly those differences (plus case and
 * spacing around parentheses) and nothing else, so that "Speed (GPS)" never meets
 * "GPS Speed".
 */
import { TORQUE_PID_NAMES, type TorquePidName } from "./torque-pids";

export { TORQUE_PID_NAMES, type TorquePidName } from "./torque-pids";

/**
 * PID keys as stored: lower-case hex without leading zeros. Metadata keys zero-pad
 * standard PIDs ("userUnit0c"), data keys do not ("kc"); both become "c". "00" -> "0".
 */
export function normalisePidKey(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const stripped = lower.replace(/^0+/, "");
  return stripped === "" && lower !== "" ? "0" : stripped;
}

/** The comparison key of a PID name; see the module comment for what it folds. */
export function nameMatchKey(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[/%&,]/g, " ")
    .replace(/\s*([()])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

function buildIndex(): Map<string, string> {
  const index = new Map<string, string>();
  for (const pid of TORQUE_PID_NAMES) {
    const k = nameMatchKey(pid.name);
    const seen = index.get(k);
    // Two PIDs folding to one key would make the mapping a guess; fail at load, not silently.
    if (seen !== undefined && seen !== pid.key) throw new Error(`ambiguous PID name ${pid.name}`);
    index.set(k, pid.key);
  }
  return index;
}

const BY_NAME = buildIndex();

/**
 * The PID key for a Torque full name ("Engine Coolant Temperature" -> "5"), in any of the
 * spellings above; null for names the built-in table does not know (custom PIDs, names
 * the user edited, PIDs absent from the fixture the table was built from).
 */
export function pidKeyForName(name: string): string | null {
  return BY_NAME.get(nameMatchKey(name)) ?? null;
}

/** True if the text is, as a whole, the name of a known PID. */
export function isKnownPidName(name: string): boolean {
  return BY_NAME.has(nameMatchKey(name));
}

const BY_KEY = new Map(TORQUE_PID_NAMES.map((p) => [p.key, p] as const));

/** The table entry for a PID key (any zero padding or case), or null. */
export function pidByKey(key: string): TorquePidName | null {
  return BY_KEY.get(normalisePidKey(key)) ?? null;
}
