/**
 * The two time columns of trackLog.csv.
 * - "GPS Time": `Tue Mar 29 06:58:19 PDT 2016` (Java Date.toString; whole seconds; the
 *   zone is in the text, so it parses to an instant on its own).
 * - "Device Time": `29-Mar-2016 06:58:18.846` (phone's local time, no zone, milliseconds,
 *   month name in the phone's language). It needs the phone's IANA zone to become an
 *   instant, but it is the better sort key: GPS Time repeats or is missing without a fix.
 */
import { formatInZone, isValidTimeZone, localToUtc, partsInZone, zoneOffsetMinutes } from "@/lib/time";
import { ENGLISH_DAYS, ENGLISH_MONTHS, ZONE_ABBREVIATIONS, monthNumber } from "./zone-names";

const MINUTE_MS = 60_000;

/** A UTC instant from calendar fields, or null if the fields do not form a real date-time. */
function utcFromFields(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  if (h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null; // 31 April, 29 Feb 2015
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

/** "PDT" -> -420, "GMT+08:00" / "GMT+0800" / "UTC+8" / "GMT-03:30" -> minutes; unknown -> null. */
export function zoneTokenOffset(token: string): number | null {
  const upper = token.toUpperCase();
  if (Object.hasOwn(ZONE_ABBREVIATIONS, upper)) return ZONE_ABBREVIATIONS[upper];
  const m = /^(?:GMT|UTC|UT)([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(upper);
  if (m === null) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

const GPS_TIME = /^(?:[^\d\s]+,?\s+)?([^\d\s]+)\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\S+)\s+(\d{4})$/u;

/**
 * "Tue Mar 29 06:58:19 PDT 2016" / "Wed Feb 23 06:37:13 GMT+08:00 2022" / "... UTC ..." ->
 * epoch ms. The weekday is not checked (it is redundant). Null for unknown or ambiguous
 * zone abbreviations (see ZONE_ABBREVIATIONS) and for impossible dates.
 */
export function parseGpsTime(cell: string): number | null {
  const m = GPS_TIME.exec(cell.trim());
  if (m === null) return null;
  const month = monthNumber(m[1]);
  const offset = zoneTokenOffset(m[6]);
  if (month === null || offset === null) return null;
  const local = utcFromFields(Number(m[7]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), 0);
  return local === null ? null : local - offset * MINUTE_MS;
}

const DEVICE_TIME = /^(\d{1,2})-(\p{L}[\p{L}.]*)-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,3}))?$/u;

/**
 * "29-Mar-2016 06:58:18.846" read as wall time in `timeZone` -> epoch ms. Month names may
 * be localised ("29-Mär-2016", "29-mars-2016", "29-déc.-2016"). Milliseconds are optional
 * and read as a fraction (".8" = 800 ms). Wall times skipped or repeated by a DST change
 * resolve as in localToUtc (forward / earlier). Null for anything unparseable; an invalid
 * zone name is a programming error and throws RangeError.
 */
export function parseDeviceTime(cell: string, timeZone: string): number | null {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`invalid time zone ${timeZone}`);
  const m = DEVICE_TIME.exec(cell.trim());
  if (m === null) return null;
  const month = monthNumber(m[2]);
  if (month === null) return null;
  const ms = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1000);
  const fields = { year: Number(m[3]), month, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), ms };
  if (utcFromFields(fields.year, month, fields.day, fields.hour, fields.minute, fields.second, ms) === null) return null;
  return localToUtc(fields, timeZone);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** epoch ms -> "29-Mar-2016 06:58:18.846" in the zone, English month (what Torque writes in English). */
export function formatDeviceTime(epochMs: number, timeZone: string): string {
  const p = partsInZone(epochMs, timeZone);
  return `${pad(p.day)}-${ENGLISH_MONTHS[p.month - 1]}-${pad(p.year, 4)} ${formatInZone(epochMs, timeZone, "time")}.${pad(p.ms, 3)}`;
}

// English locales whose CLDR data carry the short zone names Java/Android print:
// en-US has PDT/EST/AKST/HST, en-GB has CET/CEST/BST, en-AU AEST, en-NZ NZST...
const NAME_LOCALES = ["en-US", "en-GB", "en-AU", "en-NZ", "en-ZA", "en-CA"];
const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function shortZoneName(epochMs: number, timeZone: string, locale: string): string | null {
  const key = `${locale}|${timeZone}`;
  let f = nameFormatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" });
    nameFormatters.set(key, f);
  }
  return f.formatToParts(new Date(epochMs)).find((p) => p.type === "timeZoneName")?.value ?? null;
}

/** "PDT" if some English locale names the zone so and we know that name with this offset, else "GMT+08:00". */
function gpsZoneToken(epochMs: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(epochMs, timeZone);
  for (const locale of NAME_LOCALES) {
    const name = shortZoneName(epochMs, timeZone, locale);
    // Checking the offset rejects a name we would parse back differently (e.g. Dublin's "IST").
    if (name !== null && Object.hasOwn(ZONE_ABBREVIATIONS, name) && ZONE_ABBREVIATIONS[name] === offset) return name;
  }
  const whole = Math.round(offset);
  if (whole === 0) return "GMT";
  const abs = Math.abs(whole);
  return `GMT${whole < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** epoch ms -> "Tue Mar 29 06:58:19 PDT 2016" in the zone (whole seconds, truncated, as Java does). */
export function formatGpsTime(epochMs: number, timeZone: string): string {
  const p = partsInZone(epochMs, timeZone);
  const dayOfWeek = ENGLISH_DAYS[dayOfWeekFor(p.year, p.month, p.day)];
  return `${dayOfWeek} ${ENGLISH_MONTHS[p.month - 1]} ${pad(p.day)} ${formatInZone(epochMs, timeZone, "time")} ${gpsZoneToken(epochMs, timeZone)} ${pad(p.year, 4)}`;
}

function dayOfWeekFor(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCDay();
}
