/**
 * Time-axis ticks and labels in a time zone: ticks fall on round wall-clock times of the zone
 * (every 5 minutes, every hour, at midnight…), not on round UTC milliseconds, and stay right
 * across DST changes (the repeated 01:00 of a fall-back night is two ticks an hour apart; the
 * missing 02:00 of a spring-forward night is no tick). Pure, built on lib/time.
 */
import { formatInZone, partsInZone, startOfDayInZone, startOfNextDayInZone, zoneOffsetMinutes } from "./index";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
export const TICK_STEPS = [S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M, H, 2 * H, 3 * H, 6 * H, 12 * H, D, 2 * D, 7 * D];

/** The smallest step giving at most maxTicks ticks over the range. */
export function tickStep(fromMs: number, toMs: number, maxTicks: number): number {
  const span = Math.max(0, toMs - fromMs);
  return TICK_STEPS.find((step) => span / step <= maxTicks) ?? TICK_STEPS[TICK_STEPS.length - 1];
}

const wall = (t: number, tz: string) => t + zoneOffsetMinutes(t, tz) * M;

/** Instants in [fromMs, toMs] whose wall-clock time in tz is a multiple of the step. */
export function timeTicks(fromMs: number, toMs: number, tz: string, maxTicks = 8): { step: number; ticks: number[] } {
  const step = tickStep(fromMs, toMs, maxTicks);
  const ticks: number[] = [];
  if (!(toMs >= fromMs)) return { step, ticks };
  if (step >= D) {
    const days = step / D;
    for (let t = startOfDayInZone(fromMs, tz); t <= toMs; ) {
      if (t >= fromMs && (days === 1 || partsInZone(t, tz).day % days === 1 % days)) ticks.push(t);
      t = startOfNextDayInZone(t, tz);
    }
    return { step, ticks };
  }
  // Align in wall-clock time, step in real time, re-align after an offset change.
  const align = (t: number) => {
    const w = wall(t, tz);
    return t + (Math.ceil(w / step) * step - w);
  };
  for (let t = align(fromMs); t <= toMs && ticks.length <= maxTicks * 3; ) {
    if (ticks.length === 0 || t > ticks[ticks.length - 1]) ticks.push(t);
    const next = align(t + step);
    t = next > t ? next : t + step;
  }
  return { step, ticks };
}

/** A tick's label: the date for day steps, hh:mm, or hh:mm:ss below a minute. */
export function tickLabel(t: number, tz: string, step: number): string {
  if (step >= D) return formatInZone(t, tz, "date");
  const time = formatInZone(t, tz, "time");
  return step < M ? time : time.slice(0, 5);
}
