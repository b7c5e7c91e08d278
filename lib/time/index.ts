/**
 * Time-zone arithmetic on epoch milliseconds with IANA zone names, built on Intl only
 * (no tz database of our own, no Temporal dependency). Node ships full ICU, so every
 * IANA zone and its whole history are known.
 *
 * Why not `new Date(y, m, d)`: that uses the server's zone, while a Torque user's trips
 * (and trackLog.csv "Device Time") are in the phone's zone, and the viewer may be in a
 * third. All functions here take the zone explicitly. Invalid zone names throw RangeError
 * (from Intl); check user input with isValidTimeZone first.
 */

export interface LocalParts {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
  second: number;
  /** 0-999; 0 when omitted */
  ms?: number;
}

export type FormatStyle = "datetime" | "date" | "time" | "iso";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone: constructing Intl.DateTimeFormat is slow (~50 µs). */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23, not hour12:false, which some ICU versions render as "24" at midnight.
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True if Intl knows the zone ("Europe/Berlin", "UTC"); false for "", "Mars/Base", "PDT". */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || tz.trim() === "") return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** Euclidean remainder, so that instants before 1970 get a positive millisecond part. */
function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** The wall-clock fields of an instant in a zone. */
export function partsInZone(epochMs: number, tz: string): Required<LocalParts> {
  const t = Math.floor(epochMs);
  const fields: Record<string, string> = {};
  for (const p of formatterFor(tz).formatToParts(new Date(t))) fields[p.type] = p.value;
  const yearOfEra = Number(fields.year);
  return {
    // "BC" years count backwards from 1 BC = astronomical year 0.
    year: fields.era === "BC" || fields.era === "B" ? 1 - yearOfEra : yearOfEra,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    ms: mod(t, 1000),
  };
}

/**
 * Wall-clock fields read as if they were UTC. setUTCFullYear, unlike Date.UTC, does not map
 * years 0-99 to 19xx. Out-of-range fields roll over (Feb 30 -> Mar 2); callers check first.
 */
function wallAsUtc(p: LocalParts): number {
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  d.setUTCHours(p.hour, p.minute, p.second, p.ms ?? 0);
  return d.getTime();
}

/** Offset in ms (local - UTC) at an instant; exact to the millisecond, even for LMT offsets with seconds. */
function offsetMs(epochMs: number, tz: string): number {
  const t = Math.floor(epochMs);
  return wallAsUtc(partsInZone(t, tz)) - t;
}

/**
 * UTC offset of the zone at that instant, in minutes east of UTC (PDT -> -420, CEST -> 120,
 * Lord Howe summer -> 660). Historic local-mean-time offsets can be fractional.
 */
export function zoneOffsetMinutes(epochMs: number, tz: string): number {
  return offsetMs(epochMs, tz) / MINUTE_MS;
}

function pad(n: number, width = 2): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const totalSeconds = Math.round(Math.abs(offsetMinutes) * 60);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${sign}${pad(h)}:${pad(m)}${s === 0 ? "" : `:${pad(s)}`}`;
}

/**
 * Formats an instant as wall-clock time in a zone, locale-independent and sortable:
 * "datetime" 2016-03-29 06:58:18 (default), "date" 2016-03-29, "time" 06:58:18,
 * "iso" 2016-03-29T06:58:18.846-07:00 (RFC 3339 with the zone's offset; UTC as +00:00).
 */
export function formatInZone(epochMs: number, tz: string, style: FormatStyle = "datetime"): string {
  const p = partsInZone(epochMs, tz);
  const date = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  const time = `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  switch (style) {
    case "date":
      return date;
    case "time":
      return time;
    case "iso":
      return `${date}T${time}.${pad(p.ms, 3)}${formatOffset(zoneOffsetMinutes(epochMs, tz))}`;
    case "datetime":
      return `${date} ${time}`;
  }
}

function checkParts(p: LocalParts): void {
  const ms = p.ms ?? 0;
  const fields = [p.year, p.month, p.day, p.hour, p.minute, p.second, ms];
  let ok =
    fields.every(Number.isInteger) &&
    p.month >= 1 && p.month <= 12 &&
    p.hour >= 0 && p.hour <= 23 &&
    p.minute >= 0 && p.minute <= 59 &&
    p.second >= 0 && p.second <= 59 &&
    ms >= 0 && ms <= 999;
  if (ok) {
    // A day past the month's end rolls over into the next month; that is how we detect it
    // (including 29 February of non-leap years).
    const d = new Date(wallAsUtc(p));
    ok = d.getUTCDate() === p.day && d.getUTCMonth() === p.month - 1 && p.day >= 1;
  }
  if (!ok) throw new RangeError(`invalid local date-time ${JSON.stringify(p)}`);
}

/**
 * The instant at which the wall clock in `tz` shows `parts`. Throws RangeError for fields
 * out of range (month 13, 31 April, 25:00) rather than silently rolling over.
 *
 * Wall times that do not exist or exist twice are resolved like JavaScript's Date and
 * Temporal's default `disambiguation: "compatible"`:
 * - gap (clocks jump forward, e.g. 02:30 on 2016-03-13 in Los Angeles): read with the
 *   offset before the jump, i.e. shifted forward by the gap's length -> 03:30 PDT;
 * - overlap (clocks fall back, e.g. 01:30 on 2016-11-06 in Los Angeles): the earlier of
 *   the two instants -> 01:30 PDT, not 01:30 PST.
 */
export function localToUtc(parts: LocalParts, tz: string): number {
  checkParts(parts);
  const wall = wallAsUtc(parts);
  // Offsets a day either side of the wall time lie on either side of any transition near
  // it (zones never change offset twice within two days), so they are the only offsets
  // the wall time can have.
  const before = offsetMs(wall - DAY_MS, tz);
  const after = offsetMs(wall + DAY_MS, tz);
  if (before === after) return wall - before; // no transition nearby: the common, fast case
  const candidates = [wall - before, wall - after].filter((t) => offsetMs(t, tz) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before; // gap
}

/** First instant of the local calendar day containing epochMs (for "today" presets). */
export function startOfDayInZone(epochMs: number, tz: string): number {
  const p = partsInZone(epochMs, tz);
  // If midnight itself falls in a gap (e.g. America/Santiago), "compatible" gives the
  // first wall time that exists, which is the start of that day.
  return localToUtc({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0, second: 0 }, tz);
}

/** First instant of the local calendar month containing epochMs (for "this month" presets). */
export function startOfMonthInZone(epochMs: number, tz: string): number {
  const p = partsInZone(epochMs, tz);
  return localToUtc({ year: p.year, month: p.month, day: 1, hour: 0, minute: 0, second: 0 }, tz);
}

/** First instant of the next local day: the exclusive end of a "today" range (23, 24 or 25 h later). */
export function startOfNextDayInZone(epochMs: number, tz: string): number {
  const p = partsInZone(epochMs, tz);
  const next = new Date(wallAsUtc({ year: p.year, month: p.month, day: p.day + 1, hour: 0, minute: 0, second: 0 }));
  return localToUtc(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 },
    tz,
  );
}

/** First instant of the next local month: the exclusive end of a "this month" range. */
export function startOfNextMonthInZone(epochMs: number, tz: string): number {
  const p = partsInZone(epochMs, tz);
  const year = p.month === 12 ? p.year + 1 : p.year;
  const month = p.month === 12 ? 1 : p.month + 1;
  return localToUtc({ year, month, day: 1, hour: 0, minute: 0, second: 0 }, tz);
}
