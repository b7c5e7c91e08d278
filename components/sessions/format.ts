/**
 * Display formatting of list values: stored data is metric (Torque's upload units), converted
 * here for the user's unit system with lib/units, times shown in the viewer's zone with lib/time.
 * Deterministic (no locale-dependent Intl output), so server and browser render the same text.
 */
import { convertValue, displayUnitFor, type UnitSystem } from "@/lib/units";
import { formatInZone } from "@/lib/time";

export const DASH = "–";

/** "2024-03-01 07:05" in the zone. */
export function formatStart(iso: string, timeZone: string): string {
  return formatInZone(Date.parse(iso), timeZone).slice(0, 16);
}

/** "1 h 05 min", "12 min 03 s", "45 s". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return DASH;
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h} h ${pad(m)} min`;
  if (m > 0) return `${m} min ${pad(s % 60)} s`;
  return `${s} s`;
}

/** The unit a stored metric quantity is shown in ("km" → "miles" in imperial). */
export function displayUnit(storedUnit: string, system: UnitSystem): string {
  return displayUnitFor(storedUnit, system);
}

/** A stored value in the display unit, with `digits` decimals and thousands separators. */
export function formatQuantity(value: number | null, storedUnit: string, system: UnitSystem, digits: number): string {
  if (value === null) return DASH;
  const converted = fromStored(value, storedUnit, system);
  if (converted === null) return DASH;
  return formatNumber(converted, digits);
}

export function formatNumber(value: number, digits = 0): string {
  const fixed = value.toFixed(digits);
  const [whole, fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** A stored value as a number in the display unit (null when it cannot be converted). */
export function fromStored(value: number, storedUnit: string, system: UnitSystem): number | null {
  return convertValue(value, storedUnit, displayUnit(storedUnit, system));
}

/** A number typed in the display unit, back to the stored metric unit (for minimum-distance filters). */
export function toStored(value: number, storedUnit: string, system: UnitSystem): number | null {
  return convertValue(value, displayUnit(storedUnit, system), storedUnit);
}
