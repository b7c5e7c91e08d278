"use client";

import { useEffect, useMemo, useState, type PointerEvent } from "react";
import { fitView, project, tilesFor, tileUrl, toPixel } from "@/lib/geo/mercator";
import { cleanTrack, colourRange, positionAt } from "@/lib/geo/track";
import type { TrackPayload } from "@/lib/sessions/track-data";
import { formatInZone } from "@/lib/time";
import { formatValue } from "./chart-model";
import { useElementWidth } from "./use-element-width";
import styles from "./session-view.module.css";

/**
 * The GPS track drawn as SVG, projected with Web Mercator and fitted to its bounds; no map
 * library. Optional tiles from MAP_TILE_URL lie behind it (without network they simply do not
 * appear). Coloured by a PID (speed by default); the zoomed chart range is drawn in colour and
 * the rest greyed; a marker follows the shared hover time, and hovering near the track sets it.
 */
interface Props {
  track: TrackPayload;
  /** Display unit and converter of the colouring PID. */
  color: { key: string; name: string; unit: string; convert: (v: number | null) => number | null } | null;
  colorOptions: { key: string; name: string }[];
  onColorChange: (key: string) => void;
  hover: number | null;
  onHover: (t: number | null) => void;
  range: [number, number];
  wholeTrip: boolean;
  tileUrlTemplate: string | null;
  timeZone: string;
}

const BINS = 10;
const hue = (f: number) => Math.round(220 - 220 * Math.min(1, Math.max(0, f)));
const binColour = (bin: number) => `hsl(${hue(bin / (BINS - 1))} 85% 45%)`;
const OUTSIDE = "outside";
const HOVER_RADIUS_PX = 24;

/**
 * Whether the tile server answers with real tiles: one probe per page (the world tile). Without
 * network, or behind a proxy that answers with an error page or image, the track is drawn on
 * the plain background instead of over broken or odd-sized pictures.
 */
function useTilesReachable(template: string | null): boolean {
  const [ok, setOk] = useState(false);
  useEffect(() => {
    if (!template) return;
    const probe = new Image();
    probe.onload = () => setOk(probe.naturalWidth >= 256 && probe.naturalWidth === probe.naturalHeight);
    probe.onerror = () => setOk(false);
    probe.referrerPolicy = "strict-origin-when-cross-origin";
    probe.src = tileUrl(template, { z: 0, x: 0, y: 0 });
    return () => {
      probe.onload = null;
      probe.onerror = null;
    };
  }, [template]);
  return ok;
}

export function TrackMap({ track, color, colorOptions, onColorChange, hover, onHover, range, wholeTrip, tileUrlTemplate, timeZone }: Props) {
  const [frame, width] = useElementWidth<HTMLDivElement>(640);
  const tilesReachable = useTilesReachable(tileUrlTemplate);
  const height = Math.round(Math.min(440, Math.max(260, width * 0.6)));
  const convert = color?.convert;
  const segments = useMemo(
    () => cleanTrack({ ...track, value: convert ? track.value.map((v) => convert(v)) : track.value }),
    [track, convert],
  );
  const world = useMemo(() => segments.map((s) => s.map((p) => ({ ...project(p.lat, p.lon), t: p.t, value: p.value }))), [segments]);
  const view = useMemo(() => fitView(world.flat(), width, height, 28), [world, width, height]);
  const scale = useMemo(() => colourRange(segments.flat().map((p) => p.value)), [segments]);

  // Polylines of one colour each: a new one starts where the colour bin changes.
  const runs = useMemo(() => {
    const out: { key: string; colour: string; points: string }[] = [];
    const binOf = (t: number, v: number | null) => {
      if (!wholeTrip && (t < range[0] || t > range[1])) return OUTSIDE;
      if (v === null || !scale) return "none";
      return String(Math.round(((v - scale.min) / Math.max(1e-9, scale.max - scale.min)) * (BINS - 1)));
    };
    world.forEach((segment, s) => {
      let current: { bin: string; pts: string[] } | null = null;
      segment.forEach((p, i) => {
        const { px, py } = toPixel(view, p);
        const xy = `${px.toFixed(1)},${py.toFixed(1)}`;
        const bin = binOf(p.t, p.value);
        if (current && current.bin !== bin) {
          current.pts.push(xy);
          out.push({ key: `${s}-${i}`, colour: current.bin, points: current.pts.join(" ") });
          current = null;
        }
        if (!current) current = { bin, pts: [] };
        current.pts.push(xy);
      });
      if (current !== null) {
        const c: { bin: string; pts: string[] } = current;
        if (c.pts.length > 1) out.push({ key: `${s}-end`, colour: c.bin, points: c.pts.join(" ") });
      }
    });
    return out.map((r) => ({ ...r, colour: r.colour === OUTSIDE ? "var(--muted)" : r.colour === "none" ? "var(--accent)" : binColour(Number(r.colour)) }));
  }, [world, view, scale, range, wholeTrip]);

  if (world.length === 0) {
    return <p className={styles.empty}>No GPS fixes in this session: nothing to draw on a map.</p>;
  }

  const first = world[0][0];
  const last = world[world.length - 1][world[world.length - 1].length - 1];
  const start = toPixel(view, first);
  const end = toPixel(view, last);
  const at = hover !== null ? positionAt(segments, hover) : null;
  const marker = at ? toPixel(view, project(at.lat, at.lon)) : null;
  const tiles = tileUrlTemplate && tilesReachable ? tilesFor(view) : [];

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    let best: { t: number; d: number } | null = null;
    for (const segment of world) {
      for (const p of segment) {
        const { px, py } = toPixel(view, p);
        const d = (px - x) ** 2 + (py - y) ** 2;
        if (!best || d < best.d) best = { t: p.t, d };
      }
    }
    onHover(best && best.d <= HOVER_RADIUS_PX ** 2 ? best.t : null);
  };

  return (
    <div>
      <div ref={frame} className={styles.mapFrame}>
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`Map of the trip from ${formatInZone(first.t, timeZone, "time")} to ${formatInZone(last.t, timeZone, "time")}${color ? `, coloured by ${color.name}` : ""}`}
          onPointerMove={onPointerMove}
          onPointerLeave={() => onHover(null)}
        >
          <g aria-hidden="true">
            {tiles.map((t) => (
              <image
                key={`${t.z}/${t.x}/${t.y}/${t.px.toFixed(0)}`}
                href={tileUrl(tileUrlTemplate!, t)}
                x={t.px}
                y={t.py}
                width={t.size + 0.5}
                height={t.size + 0.5}
                preserveAspectRatio="none"
              />
            ))}
          </g>
          <g data-testid="map-track">
            {runs.map((r) => (
              <polyline key={r.key} className={styles.mapTrack} points={r.points} stroke="var(--panel)" strokeWidth={7} strokeOpacity={0.7} />
            ))}
            {runs.map((r) => (
              <polyline key={`c-${r.key}`} className={styles.mapTrack} points={r.points} stroke={r.colour} strokeWidth={4} />
            ))}
          </g>
          <circle cx={start.px} cy={start.py} r={7} fill="#2e7d32" stroke="#fff" strokeWidth={2} data-testid="map-start">
            <title>Start {formatInZone(first.t, timeZone, "time")}</title>
          </circle>
          <rect x={end.px - 6} y={end.py - 6} width={12} height={12} fill="#c62828" stroke="#fff" strokeWidth={2} data-testid="map-end">
            <title>End {formatInZone(last.t, timeZone, "time")}</title>
          </rect>
          {marker ? (
            <circle cx={marker.px} cy={marker.py} r={8} fill="var(--text)" fillOpacity={0.85} stroke="var(--panel)" strokeWidth={3} data-testid="map-hover-marker" />
          ) : null}
        </svg>
        {tiles.length > 0 ? <span className={styles.attribution}>© OpenStreetMap contributors</span> : null}
      </div>
      <div className={styles.scale}>
        <label htmlFor="map-colour" style={{ margin: 0 }}>
          Colour by
        </label>
        <select id="map-colour" value={color?.key ?? ""} onChange={(e) => onColorChange(e.target.value)}>
          {colorOptions.map((o) => (
            <option key={o.key} value={o.key}>
              {o.name}
            </option>
          ))}
        </select>
        {scale && color ? (
          <>
            <span className="num">{formatValue(scale.min, color.unit)}</span>
            <span className={styles.gradient} style={{ background: `linear-gradient(to right, ${binColour(0)}, ${binColour(BINS / 3)}, ${binColour((2 * BINS) / 3)}, ${binColour(BINS - 1)})` }} />
            <span className="num">{formatValue(scale.max, color.unit)}</span>
          </>
        ) : null}
        <span className="muted">● start ■ end{wholeTrip ? "" : " · grey: outside the zoomed range"}</span>
        {at && color ? <span className="num">At the marker: {formatValue(at.value, color.unit)}</span> : null}
      </div>
    </div>
  );
}
