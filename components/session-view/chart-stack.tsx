"use client";

import { useMemo, useRef, useState, type PointerEvent } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, XAxis, YAxis } from "recharts";
import type { ChartPayload } from "@/lib/sessions/chart-data";
import { tickLabel, timeTicks } from "@/lib/time/axis";
import { formatInZone } from "@/lib/time";
import { formatTick, formatValue, groupByUnit, seriesPoints, valueAt, type DisplayPid, type Point } from "./chart-model";
import styles from "./session-view.module.css";

/**
 * The stacked charts: one per pair of display units (left and right axis), all on the same
 * time domain and the same plot width, so one x position is one instant in every chart. Hover
 * (shared with the map) draws a line and a tooltip with every chosen value at that instant;
 * dragging across selects a range to zoom into.
 */
interface Props {
  payload: ChartPayload;
  pids: DisplayPid[];
  domain: [number, number];
  timeZone: string;
  width: number;
  hover: number | null;
  onHover: (t: number | null) => void;
  onZoom: (from: number, to: number) => void;
}

const AXIS_WIDTH = 60;
const CHART_HEIGHT = 190;
const X_AXIS_HEIGHT = 26;
const MIN_DRAG_PX = 6;
const MARGIN = 4;
/** Where the time axis lies in every chart: between the two fixed-width value axes. */
const plotLeft = MARGIN + AXIS_WIDTH;
const plotWidth = (width: number) => Math.max(1, width - 2 * (MARGIN + AXIS_WIDTH));


export function ChartStack({ payload, pids, domain, timeZone, width, hover, onHover, onZoom }: Props) {
  const charts = useMemo(() => groupByUnit(pids), [pids]);
  const points = useMemo(() => new Map<string, Point[]>(pids.map((p) => [p.key, seriesPoints(payload, p)])), [payload, pids]);
  const { step, ticks } = useMemo(() => timeTicks(domain[0], domain[1], timeZone, Math.max(2, Math.floor(width / 110))), [domain, timeZone, width]);
  const wrapper = useRef<HTMLDivElement | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number; x0: number; x1: number } | null>(null);

  const span = domain[1] - domain[0];
  const timeAt = (event: PointerEvent<HTMLDivElement>): { t: number; x: number } | null => {
    const box = wrapper.current?.getBoundingClientRect();
    if (!box) return null;
    const x = Math.min(plotLeft + plotWidth(width), Math.max(plotLeft, event.clientX - box.left));
    return { t: Math.round(domain[0] + ((x - plotLeft) / plotWidth(width)) * span), x };
  };

  // Tolerance for "the value at this instant": a few pixels, a typical sample interval, a bucket.
  const samples = payload.t.length - payload.breaks.length;
  const interval = samples > 1 ? (payload.t[payload.t.length - 1] - payload.t[0]) / (samples - 1) : 0;
  const tolerance = Math.max(1000, 1.5 * interval, payload.bucketMs ?? 0, ((domain[1] - domain[0]) / width) * 4);
  const hoverInside = hover !== null && hover >= domain[0] && hover <= domain[1];
  const hoverX = hoverInside ? plotLeft + ((hover - domain[0]) / span) * plotWidth(width) : null;

  return (
    <div
      ref={wrapper}
      className={styles.chartStack}
      data-testid="chart-stack"
      role="group"
      aria-label="Charts over time. Drag across a chart to zoom in; use the zoom buttons with a keyboard."
      onPointerMove={(e) => {
        const at = timeAt(e);
        if (!at) return;
        onHover(at.t);
        if (drag) setDrag({ ...drag, to: at.t, x1: at.x });
      }}
      onPointerLeave={() => {
        if (!drag) onHover(null);
      }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        const at = timeAt(e);
        if (!at) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        setDrag({ from: at.t, to: at.t, x0: at.x, x1: at.x });
      }}
      onPointerUp={() => {
        if (drag && Math.abs(drag.x1 - drag.x0) >= MIN_DRAG_PX) onZoom(Math.min(drag.from, drag.to), Math.max(drag.from, drag.to));
        setDrag(null);
      }}
      onPointerCancel={() => setDrag(null)}
    >
      {charts.map((chart, index) => {
        const last = index === charts.length - 1;
        return (
          <LineChart
            key={chart.id}
            width={width}
            height={CHART_HEIGHT + (last ? X_AXIS_HEIGHT : 0)}
            margin={{ top: 10, right: MARGIN, bottom: 0, left: MARGIN }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
            <XAxis
              type="number"
              dataKey="t"
              domain={domain}
              allowDataOverflow
              ticks={ticks}
              tickFormatter={(t: number) => tickLabel(t, timeZone, step)}
              tick={last ? { fill: "var(--muted)", fontSize: 12 } : false}
              height={last ? X_AXIS_HEIGHT : 1}
              stroke="var(--border)"
            />
            {(["left", "right"] as const).map((side) => {
              const axis = side === "left" ? chart.left : chart.right;
              return (
                <YAxis
                  key={side}
                  yAxisId={side}
                  orientation={side}
                  width={AXIS_WIDTH}
                  domain={["auto", "auto"]}
                  tick={axis ? { fill: "var(--muted)", fontSize: 12 } : false}
                  tickFormatter={formatTick}
                  axisLine={false}
                  tickLine={false}
                  label={axis ? { value: axis.unit || "value", angle: -90, position: side === "left" ? "insideLeft" : "insideRight", fill: "var(--muted)", fontSize: 12 } : undefined}
                />
              );
            })}
            {[...chart.left.pids.map((p) => ["left", p] as const), ...(chart.right?.pids ?? []).map((p) => ["right", p] as const)].map(([side, pid]) => (
              <Line
                key={pid.key}
                yAxisId={side}
                data={points.get(pid.key) ?? []}
                dataKey="v"
                name={pid.name}
                stroke={pid.color}
                strokeWidth={1.6}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                connectNulls={false}
                type="linear"
              />
            ))}
            {hoverInside ? <ReferenceLine yAxisId="left" x={hover} stroke="var(--text)" strokeOpacity={0.6} ifOverflow="hidden" /> : null}
            {drag && drag.from !== drag.to ? (
              <ReferenceArea yAxisId="left" x1={Math.min(drag.from, drag.to)} x2={Math.max(drag.from, drag.to)} fill="var(--accent)" fillOpacity={0.15} ifOverflow="hidden" />
            ) : null}
          </LineChart>
        );
      })}
      {hover !== null && hoverX !== null ? (
        <div
          className={styles.tooltip}
          data-testid="chart-tooltip"
          style={hoverX > width / 2 ? { right: width - hoverX + 12 } : { left: hoverX + 12 }}
          aria-hidden="true"
        >
          <div className={styles.tooltipTime}>{formatInZone(hover, timeZone, "time")}{payload.raw ? "" : " ≈"}</div>
          {pids.map((pid) => (
            <div key={pid.key} className={styles.tooltipRow}>
              <span className={styles.swatch} style={{ background: pid.color }} />
              <span>{pid.name}</span>
              <span className="num">{formatValue(valueAt(points.get(pid.key) ?? [], hover, tolerance), pid.unit)}</span>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
