"use client";

import type { ChartPayload } from "@/lib/sessions/chart-data";
import { formatInZone } from "@/lib/time";
import { ChartStack } from "./chart-stack";
import type { DisplayPid } from "./chart-model";
import { formatDuration } from "./summary-units";
import styles from "./session-view.module.css";

/** Zoom controls (for keyboards too), the legend, the stacked charts and what they show. */
interface Props {
  payload: ChartPayload;
  loading: boolean;
  error: string | null;
  pids: DisplayPid[];
  domain: [number, number];
  trip: [number, number];
  zoomed: boolean;
  timeZone: string;
  width: number;
  hover: number | null;
  onHover: (t: number | null) => void;
  onZoom: (from: number | null, to: number | null) => void;
}

const MIN_SPAN_MS = 2_000;

export function ChartArea({ payload, loading, error, pids, domain, trip, zoomed, timeZone, width, hover, onHover, onZoom }: Props) {
  const span = domain[1] - domain[0];
  const centre = hover !== null && hover >= domain[0] && hover <= domain[1] ? hover : (domain[0] + domain[1]) / 2;
  const clamp = (from: number, to: number): [number, number] => {
    const length = Math.min(to - from, trip[1] - trip[0]);
    const start = Math.min(Math.max(from, trip[0]), trip[1] - length);
    return [start, start + length];
  };
  const zoomBy = (factor: number) => {
    const next = Math.max(MIN_SPAN_MS, span * factor);
    onZoom(...clamp(centre - next / 2, centre + next / 2));
  };
  const pan = (direction: 1 | -1) => onZoom(...clamp(domain[0] + (direction * span) / 2, domain[1] + (direction * span) / 2));
  const sameDay = formatInZone(domain[0], timeZone, "date") === formatInZone(domain[1], timeZone, "date");

  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading" className="sr-only">
        Charts
      </h2>
      <div className={styles.toolbar}>
        <button type="button" onClick={() => zoomBy(0.5)} disabled={span <= MIN_SPAN_MS}>
          Zoom in
        </button>
        <button type="button" onClick={() => zoomBy(2)} disabled={!zoomed}>
          Zoom out
        </button>
        <button type="button" onClick={() => pan(-1)} disabled={!zoomed || domain[0] <= trip[0]} aria-label="Earlier">
          ◀
        </button>
        <button type="button" onClick={() => pan(1)} disabled={!zoomed || domain[1] >= trip[1]} aria-label="Later">
          ▶
        </button>
        <button type="button" onClick={() => onZoom(null, null)} disabled={!zoomed}>
          Whole trip
        </button>
        <span className={styles.grow} />
        <span className={styles.note} data-testid="chart-range">
          {formatInZone(domain[0], timeZone, sameDay ? "time" : "datetime")} – {formatInZone(domain[1], timeZone, sameDay ? "time" : "datetime")} ({formatDuration(span / 1000)})
        </span>
      </div>
      <div className={styles.legend}>
        {pids.map((p) => (
          <span key={p.key} className={styles.legendItem}>
            <span className={styles.swatch} style={{ background: p.color }} />
            {p.name}
            {p.unit ? <span className="muted">({p.unit})</span> : null}
          </span>
        ))}
      </div>
      {error ? (
        <p role="alert" className="error">
          Could not load the chart: {error}
        </p>
      ) : null}
      {pids.length === 0 ? (
        <p className={styles.empty}>Choose PIDs on the left to chart them.</p>
      ) : (
        <ChartStack payload={payload} pids={pids} domain={domain} timeZone={timeZone} width={width} hover={hover} onHover={onHover} onZoom={onZoom} />
      )}
      <p className={styles.note} aria-live="polite">
        {loading
          ? "Loading…"
          : payload.raw
            ? `Every sample: ${payload.total.toLocaleString("en-US")} in this range.`
            : `${payload.total.toLocaleString("en-US")} samples, drawn as the lowest and highest value per ${formatDuration((payload.bucketMs ?? 0) / 1000)}; zoom in for every sample.`}{" "}
        Drag across a chart to zoom.
      </p>
    </section>
  );
}
