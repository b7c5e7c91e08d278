/**
 * The two time cells of a trackLog.csv row ("GPS Time", "Device Time") for many rows fast.
 * formatGpsTime/formatDeviceTime cost ~30 µs each (Intl), which alone would hold an export of
 * a million rows to a minute. Rows of one minute share everything but the seconds, so each
 * minute is formatted once and its rows only swap in their seconds and milliseconds. The
 * shortcut is taken only when it is exact: the minute starts at local second 00 and the
 * zone's offset is the same at the first and last millisecond of its UTC hour (checked once
 * per hour; a zone changes its offset at most once in an hour, so equal ends mean no change).
 * Always true since the 1970s; local mean time offsets before ~1900 had seconds, and those
 * minutes take the slow path.
 */
import { zoneOffsetMinutes } from "@/lib/time";
import { ENGLISH_DAYS, ENGLISH_MONTHS, formatDeviceTime, formatGpsTime } from "@/lib/tracklog";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** What one minute's rows share: their time cells around the seconds (when `exact`). */
interface Minute {
  base: number;
  exact: boolean;
  devicePrefix: string;
  gpsPrefix: string;
  gpsSuffix: string;
}

/**
 * The minute of an epoch-ms time, remembered while the times stay in it. Within a UTC hour
 * whose offset is steady (and whole minutes), a minute's cells are local time by arithmetic
 * plus the hour's zone token: Intl is asked once an hour instead of ~7 times a minute (its
 * part objects were a tenth of all an export allocated).
 */
function minuteCache(timeZone: string): (epochMs: number) => Minute {
  let minute = Number.NaN;
  let hour = Number.NaN;
  let hourSteady = false;
  let offsetMs = 0;
  let token: string | null = null;
  const m: Minute = { base: 0, exact: false, devicePrefix: "", gpsPrefix: "", gpsSuffix: "" };
  const prepareHour = (h: number) => {
    hour = h;
    const offset = zoneOffsetMinutes(h * HOUR_MS, timeZone);
    hourSteady = offset === zoneOffsetMinutes((h + 1) * HOUR_MS - 1, timeZone);
    offsetMs = offset * MINUTE_MS;
    // "Tue Mar 29 06:00:00 PDT 2016": the token between the seconds and the year.
    token = hourSteady && Number.isInteger(offset) ? (/:00 (\S+) -?\d+$/.exec(formatGpsTime(h * HOUR_MS, timeZone))?.[1] ?? null) : null;
  };
  const prepare = (at: number) => {
    minute = at;
    m.base = at * MINUTE_MS;
    const h = Math.floor(m.base / HOUR_MS);
    if (h !== hour) prepareHour(h);
    if (token !== null) {
      const local = new Date(m.base + offsetMs);
      const year = local.getUTCFullYear();
      if (year >= 1000 && year <= 9999) {
        const day = pad2(local.getUTCDate());
        const month = ENGLISH_MONTHS[local.getUTCMonth()];
        const hm = `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:`;
        m.exact = true;
        m.devicePrefix = `${day}-${month}-${year} ${hm}`;
        m.gpsPrefix = `${ENGLISH_DAYS[local.getUTCDay()]} ${month} ${day} ${hm}`;
        m.gpsSuffix = ` ${token} ${year}`;
        return;
      }
    }
    const device = formatDeviceTime(m.base, timeZone);
    const gps = formatGpsTime(m.base, timeZone);
    // "Tue Mar 29 06:58:00 PDT 2016": the seconds are the "00" right before the zone token.
    const seconds = /:00 \S+ -?\d+$/.exec(gps);
    m.exact = seconds !== null && device.endsWith(":00.000") && hourSteady;
    if (m.exact && seconds !== null) {
      m.devicePrefix = device.slice(0, -6);
      m.gpsPrefix = gps.slice(0, seconds.index + 1);
      m.gpsSuffix = gps.slice(seconds.index + 3);
    }
  };
  return (epochMs) => {
    const at = Math.floor(epochMs / MINUTE_MS);
    if (at !== minute) prepare(at);
    return m;
  };
}

/** Longest "gps,device" the writer below can write, in bytes (UTF-8 of the longest zone names). */
export const TIME_CELLS_MAX_BYTES = 256;

/**
 * The two cells, "gps,device" — formatGpsTime and formatDeviceTime of the time — written as
 * bytes into `out` at `at`; returns the end. Fastest with times in order (one cached minute):
 * a row's cells are its minute's prefixes and suffix with its seconds and milliseconds.
 */
export function trackLogTimeWriter(timeZone: string): (out: Buffer, at: number, epochMs: number) => number {
  const minuteOf = minuteCache(timeZone);
  return (out, at, epochMs) => {
    const m = minuteOf(epochMs);
    if (!m.exact) return writeText(out, at, `${formatGpsTime(epochMs, timeZone)},${formatDeviceTime(epochMs, timeZone)}`);
    const within = epochMs - m.base;
    const s = Math.floor(within / 1000);
    const ms = within % 1000;
    let p = writeText(out, at, m.gpsPrefix);
    out[p++] = 48 + Math.floor(s / 10);
    out[p++] = 48 + (s % 10);
    p = writeText(out, p, m.gpsSuffix);
    out[p++] = 44; // ","
    p = writeText(out, p, m.devicePrefix);
    out[p++] = 48 + Math.floor(s / 10);
    out[p++] = 48 + (s % 10);
    out[p++] = 46; // "."
    out[p++] = 48 + Math.floor(ms / 100);
    out[p++] = 48 + (Math.floor(ms / 10) % 10);
    out[p++] = 48 + (ms % 10);
    return p;
  };
}

/** A string's UTF-8 at `at`; returns the end. ASCII (every number, nearly every time) byte by byte. */
export function writeText(out: Buffer, at: number, text: string): number {
  let p = at;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return at + out.write(text, at, "utf8");
    out[p++] = c;
  }
  return p;
}
