/**
 * From the chart payload (stored units, shared time axis) to what the charts draw: PIDs in
 * their display units, grouped into stacked charts by unit (two units per chart: left and
 * right axis), and per-series points with explicit breaks. Pure, unit-tested.
 */
import type { ChartPayload } from "@/lib/sessions/chart-data";
import { displayConverter, resolveDisplayUnit } from "@/lib/units/pid-display";
import type { UnitSystem } from "@/lib/units";

export interface PidLabel {
  key: string;
  name: string;
  shortName: string | null;
  /** Stored unit. */
  unit: string;
  phoneUnit: string | null;
}

export interface DisplayPid {
  key: string;
  name: string;
  storedUnit: string;
  /** The unit shown ("" for unit-less PIDs). */
  unit: string;
  color: string;
  convert: (value: number | null) => number | null;
}

/** Distinguishable in light and dark mode; assigned in selection order. */
export const SERIES_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

export function displayPids(
  selected: string[],
  catalog: ReadonlyMap<string, PidLabel>,
  overrides: Readonly<Record<string, string>>,
  system: UnitSystem,
): DisplayPid[] {
  return selected.flatMap((key, i) => {
    const pid = catalog.get(key);
    if (!pid) return [];
    const unit = resolveDisplayUnit({ stored: pid.unit, phone: pid.phoneUnit, override: overrides[key], system });
    return [{ key, name: pid.name, storedUnit: pid.unit, unit, color: SERIES_COLORS[i % SERIES_COLORS.length], convert: displayConverter(pid.unit, unit) }];
  });
}

export interface AxisGroup {
  unit: string;
  pids: DisplayPid[];
}

export interface ChartGroup {
  id: string;
  left: AxisGroup;
  right: AxisGroup | null;
}

/** PIDs sharing a display unit share an axis; units are paired into charts in selection order. */
export function groupByUnit(pids: DisplayPid[]): ChartGroup[] {
  const byUnit = new Map<string, AxisGroup>();
  for (const pid of pids) {
    const group = byUnit.get(pid.unit);
    if (group) group.pids.push(pid);
    else byUnit.set(pid.unit, { unit: pid.unit, pids: [pid] });
  }
  const axes = [...byUnit.values()];
  const charts: ChartGroup[] = [];
  for (let i = 0; i < axes.length; i += 2) {
    const left = axes[i];
    const right = axes[i + 1] ?? null;
    charts.push({ id: [left, right].filter(Boolean).map((a) => a!.pids.map((p) => p.key).join("+")).join("|"), left, right });
  }
  return charts;
}

export interface Point {
  t: number;
  v: number | null;
}

/**
 * One series' points in display units: its own values only (a PID logged every few samples
 * still draws a line), with a null point at every break so the line stops across a pause.
 */
export function seriesPoints(payload: Pick<ChartPayload, "t" | "series" | "breaks">, pid: Pick<DisplayPid, "key" | "convert">): Point[] {
  const values = payload.series[pid.key];
  if (!values) return [];
  const breaks = new Set(payload.breaks);
  const points: Point[] = [];
  for (let i = 0; i < payload.t.length; i++) {
    if (breaks.has(i)) {
      if (points.length > 0 && points[points.length - 1].v !== null) points.push({ t: payload.t[i], v: null });
      continue;
    }
    const v = values[i];
    if (v === null || v === undefined) continue;
    const shown = pid.convert(v);
    if (shown !== null) points.push({ t: payload.t[i], v: shown });
  }
  return points;
}

/** The value nearest in time to t, if one lies within maxDistanceMs (and no break is nearer). */
export function valueAt(points: Point[], t: number, maxDistanceMs: number): number | null {
  if (points.length === 0) return null;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t <= t) lo = mid;
    else hi = mid;
  }
  const nearest = Math.abs(points[lo].t - t) <= Math.abs(points[hi].t - t) ? points[lo] : points[hi];
  return Math.abs(nearest.t - t) <= maxDistanceMs ? nearest.v : null;
}

/** Nice rounding for display: about four significant digits, no exponent for everyday values. */
export function formatValue(v: number | null, unit = ""): string {
  if (v === null || !Number.isFinite(v)) return "–";
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : abs === 0 ? 0 : 3;
  const text = v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

/** Axis ticks: as few digits as the value needs ("20", "1,650", "0.5"). */
export function formatTick(v: number): string {
  const abs = Math.abs(v);
  return v.toLocaleString("en-US", { maximumFractionDigits: abs >= 100 ? 0 : abs >= 1 ? 1 : 3 });
}
