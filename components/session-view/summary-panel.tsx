"use client";

import { useMemo } from "react";
import type { PidInfo } from "@/lib/pids/catalog";
import type { SessionSummary } from "@/lib/sessions/summary-shape";
import type { SessionStats } from "@/lib/sessions/view";
import { formatInZone } from "@/lib/time";
import type { UnitSystem } from "@/lib/units";
import { displayConverter, resolveDisplayUnit } from "@/lib/units/pid-display";
import { formatValue } from "./chart-model";
import { formatDuration, inUnit, summaryUnits } from "./summary-units";
import styles from "./session-view.module.css";

/**
 * The trip summary as stored (computed in SQL when the session went idle, see
 * lib/sessions/summary.ts); nothing here reads samples. While uploads continue, the
 * counters kept by ingest are shown and the rest waits for the idle summary.
 */
interface Props {
  stats: SessionStats;
  live: boolean;
  summary: SessionSummary | null;
  pids: PidInfo[];
  overrides: Readonly<Record<string, string>>;
  system: UnitSystem;
  timeZone: string | null;
}

function Card({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {value}
        {note ? <small>{note}</small> : null}
      </dd>
    </div>
  );
}

export function SummaryPanel({ stats, live, summary, pids, overrides, system, timeZone }: Props) {
  const catalog = useMemo(() => new Map(pids.map((p) => [p.key, p])), [pids]);
  const units = summaryUnits(catalog, overrides, system, summary?.speedKey ?? null);
  // Overall average: distance over duration, what the driver means (a mean of samples is not).
  const overallKmh = stats.distanceKm != null && stats.durationS ? (stats.distanceKm / stats.durationS) * 3600 : stats.avgSpeedKmh;
  const v = (value: number | null | undefined, stored: string, unit: string) => formatValue(inUnit(value, stored, unit), unit);
  const distanceNote =
    summary?.tripDistanceKm != null && summary.gpsDistanceKm != null
      ? `GPS: ${v(summary.gpsDistanceKm, "km", units.distance)}`
      : summary?.tripDistanceKm != null
        ? "Torque trip distance"
        : summary?.gpsDistanceKm != null
          ? "from GPS"
          : undefined;
  const rows = useMemo(
    () =>
      Object.entries(summary?.pids ?? {})
        .map(([key, s]) => {
          const pid = catalog.get(key);
          const unit = pid ? resolveDisplayUnit({ stored: pid.unit, phone: pid.phoneUnit, override: overrides[key], system }) : "";
          const convert = pid ? displayConverter(pid.unit, unit) : (x: number | null) => x;
          return { key, name: pid?.name ?? key, category: pid?.category ?? "Other", unit, s, convert };
        })
        .sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name)),
    [summary, catalog, overrides, system],
  );

  return (
    <section className="panel" aria-labelledby="summary-heading">
      <h2 id="summary-heading" style={{ marginTop: 0, fontSize: "1.1rem" }}>
        Trip summary
      </h2>
      <dl className={styles.cards}>
        <Card label={`Distance (${units.distance})`} value={formatValue(inUnit(stats.distanceKm, "km", units.distance))} note={distanceNote} />
        <Card
          label="Duration"
          value={formatDuration(stats.durationS)}
          note={summary ? `moving ${formatDuration(summary.movingS)} · stopped ${formatDuration(summary.stationaryS)}` : undefined}
        />
        <Card
          label={`Average speed (${units.speed})`}
          value={formatValue(inUnit(summary?.avgMovingSpeedKmh ?? overallKmh, "km/h", units.speed))}
          note={summary?.avgMovingSpeedKmh != null ? `while moving · overall ${v(overallKmh, "km/h", units.speed)}` : overallKmh !== null ? "distance ÷ duration" : undefined}
        />
        <Card label={`Top speed (${units.speed})`} value={formatValue(inUnit(stats.maxSpeedKmh, "km/h", units.speed))} />
        {stats.fuelUsedL != null ? <Card label={`Fuel used (${units.volume})`} value={formatValue(inUnit(stats.fuelUsedL, "l", units.volume))} /> : null}
        {summary?.economyL100km != null ? (
          <Card
            label={`Economy (${units.economy})`}
            value={formatValue(inUnit(summary.economyL100km, "l/100km", units.economy))}
            note={summary.economySource === "fuel-distance" ? "fuel used ÷ distance" : "mean of instant readings"}
          />
        ) : null}
      </dl>
      <p className="muted" style={{ margin: "0 0 0.6rem" }}>
        {live
          ? "Uploads are still arriving: distance, duration and top speed are live; the rest is computed two minutes after the last upload."
          : stats.summaryAt
            ? `Summary computed ${timeZone ? formatInZone(stats.summaryAt, timeZone) : ""}.`
            : "The full summary is computed within a minute or two of the last upload."}
      </p>
      {rows.length > 0 ? (
        <details>
          <summary>Statistics per PID ({rows.length})</summary>
          <div className="table-scroll">
            <table className="data">
              <caption className="sr-only">Minimum, mean, median, 95th percentile and maximum of every PID over the trip</caption>
              <thead>
                <tr>
                  <th scope="col">PID</th>
                  <th scope="col">Unit</th>
                  <th scope="col" className="num">Min</th>
                  <th scope="col" className="num">Mean</th>
                  <th scope="col" className="num">Median</th>
                  <th scope="col" className="num">95th pct.</th>
                  <th scope="col" className="num">Max</th>
                  <th scope="col" className="num">Samples</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row" style={{ fontWeight: 400 }}>
                      {r.name}
                    </th>
                    <td>{r.unit}</td>
                    {[r.s.min, r.s.mean, r.s.p50, r.s.p95, r.s.max].map((x, i) => (
                      <td key={i} className="num">
                        {formatValue(r.convert(x))}
                      </td>
                    ))}
                    <td className="num">{r.s.n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </section>
  );
}
