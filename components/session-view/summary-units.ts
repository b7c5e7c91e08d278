/**
 * Units for the trip summary, consistent with the charts: speed in the unit the speed PID is
 * shown in, distance in Torque's trip-distance PID's unit (else miles with mph, else by the
 * unit system), fuel likewise, economy in mpg with miles. Pure.
 */
import { convertValue, displayUnitFor, type UnitSystem } from "@/lib/units";
import { resolveDisplayUnit } from "@/lib/units/pid-display";
import type { PidLabel } from "./chart-model";

export interface SummaryUnits {
  speed: string;
  distance: string;
  volume: string;
  economy: string;
}

export function summaryUnits(
  catalog: ReadonlyMap<string, PidLabel>,
  overrides: Readonly<Record<string, string>>,
  system: UnitSystem,
  speedKey: string | null,
): SummaryUnits {
  const shown = (key: string, stored: string): string | null => {
    const pid = catalog.get(key);
    if (!pid) return null;
    const unit = resolveDisplayUnit({ stored: pid.unit || stored, phone: pid.phoneUnit, override: overrides[key], system });
    // Only a unit our stored quantity converts to (a PID could be logged in something odd).
    return convertValue(1, stored, unit) === null ? null : unit;
  };
  const speed = shown(speedKey ?? "d", "km/h") ?? shown("ff1001", "km/h") ?? displayUnitFor("km/h", system);
  const distance = shown("ff1204", "km") ?? (speed === "mph" ? "miles" : displayUnitFor("km", system));
  const volume = shown("ff1271", "l") ?? (distance === "miles" ? "gal" : displayUnitFor("l", system));
  // Torque's l/100km PID keeps l/100km even on an imperial phone (mpg has PIDs of its own), so
  // economy follows the distance: miles mean mpg.
  const economy = distance === "miles" ? "mpg" : (overrides.ff1207 ? shown("ff1207", "l/100km") : null) ?? displayUnitFor("l/100km", system);
  return { speed, distance, volume, economy };
}

/** A stored (metric) quantity in a display unit; null stays null. */
export function inUnit(value: number | null | undefined, stored: string, unit: string): number | null {
  return value === null || value === undefined ? null : convertValue(value, stored, unit);
}

/** "2 h 05 min", "43 min 12 s", "8 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}
