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
import { formatDeviceTime, formatGpsTime } from "@/lib/tracklog";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface TrackLogTimes {
  gps: string;
  device: string;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** A formatter bound to one zone; fastest when called with times in order (one cached minute). */
export function trackLogTimeFormatter(timeZone: string): (epochMs: number) => TrackLogTimes {
  let minute = Number.NaN;
  let hour = Number.NaN;
  let hourSteady = false;
  let base = 0;
  let exact = false;
  let devicePrefix = "";
  let gpsPrefix = "";
  let gpsSuffix = "";

  const prepare = (m: number) => {
    minute = m;
    base = m * MINUTE_MS;
    const device = formatDeviceTime(base, timeZone);
    const gps = formatGpsTime(base, timeZone);
    // "Tue Mar 29 06:58:00 PDT 2016": the seconds are the "00" right before the zone token.
    const at = /:00 \S+ -?\d+$/.exec(gps);
    const h = Math.floor(base / HOUR_MS);
    if (h !== hour) {
      hour = h;
      hourSteady = zoneOffsetMinutes(h * HOUR_MS, timeZone) === zoneOffsetMinutes((h + 1) * HOUR_MS - 1, timeZone);
    }
    exact = at !== null && device.endsWith(":00.000") && hourSteady;
    if (exact && at !== null) {
      devicePrefix = device.slice(0, -6);
      gpsPrefix = gps.slice(0, at.index + 1);
      gpsSuffix = gps.slice(at.index + 3);
    }
  };

  return (epochMs: number) => {
    const m = Math.floor(epochMs / MINUTE_MS);
    if (m !== minute) prepare(m);
    if (!exact) return { gps: formatGpsTime(epochMs, timeZone), device: formatDeviceTime(epochMs, timeZone) };
    const within = epochMs - base;
    const seconds = pad2(Math.floor(within / 1000));
    return { gps: gpsPrefix + seconds + gpsSuffix, device: `${devicePrefix}${seconds}.${pad3(within % 1000)}` };
  };
}
