/**
 * Values of <input type="datetime-local"> read and written in a chosen time zone (the
 * browser's own would be wrong for a user whose setting differs). Pure, built on lib/time.
 */
import { formatInZone, localToUtc } from "./index";

/** "2016-03-29T06:58:18" for the instant's wall-clock time in tz. */
export function toLocalInputValue(epochMs: number, tz: string): string {
  return formatInZone(epochMs, tz, "datetime").replace(" ", "T");
}

/** The instant an input value names in tz (seconds optional); null when it is not a date-time. */
export function fromLocalInputValue(value: string, tz: string): number | null {
  const m = value.trim().match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/);
  if (!m) return null;
  try {
    return localToUtc(
      { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: m[6] ? +m[6] : 0, ms: m[7] ? Number(m[7].padEnd(3, "0")) : 0 },
      tz,
    );
  } catch {
    return null;
  }
}
