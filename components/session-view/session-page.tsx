"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { setFavouritePidAction, setPidUnitAction } from "@/app/actions/session-view";
import type { PidPreferences } from "@/lib/pids/preferences";
import type { ChartPayload } from "@/lib/sessions/chart-data";
import type { TrackPayload } from "@/lib/sessions/track-data";
import type { SessionView } from "@/lib/sessions/view";
import type { UnitSystem } from "@/lib/units";
import { displayPids } from "./chart-model";
import { ChartArea } from "./chart-area";
import { EditPanel } from "./edit-panel";
import { PidPicker } from "./pid-picker";
import { SessionHeader } from "./session-header";
import { SummaryPanel } from "./summary-panel";
import { TrackMap } from "./track-map";
import { useElementWidth } from "./use-element-width";
import { useJson } from "./use-json";
import { useLiveStats } from "./use-live-stats";
import { useTimeZone } from "./use-time-zone";
import { chartUrl, MAX_SELECTED, parseViewState, pointsFor, trackUrl, viewQuery, type ViewState } from "./view-state";
import styles from "./session-view.module.css";

/**
 * The session page's interactive part. The URL holds the view (PIDs, zoom); charts and track
 * come from the API for that view, refetched on zoom and on live updates; hover is shared by
 * charts and map. Everything arrives server-rendered for the first paint.
 */
export interface SessionPageProps {
  view: SessionView;
  prefs: PidPreferences;
  unitSystem: UnitSystem;
  preferredTimeZone: string | null;
  defaultPids: string[];
  initialChart: ChartPayload;
  initialChartUrl: string;
  initialTrack: TrackPayload | null;
  initialTrackUrl: string;
  tileUrl: string | null;
}

export function SessionPage(props: SessionPageProps) {
  const { view, unitSystem } = props;
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const timeZone = useTimeZone(props.preferredTimeZone);
  const { stats, live, deleted } = useLiveStats(view.id, view.stats);
  const [favourites, setFavourites] = useState(() => new Set(props.prefs.favourites));
  const [overrides, setOverrides] = useState<Record<string, string>>(props.prefs.units);
  const [hover, setHover] = useState<number | null>(null);
  const [colorKey, setColorKey] = useState<string | null>(props.initialTrack?.color?.key ?? null);
  const [mainRef, width] = useElementWidth<HTMLDivElement>(1000);

  const available = useMemo(() => new Set(view.pids.map((p) => p.key)), [view.pids]);
  // The view lives in React state (instant) and is mirrored into the URL; back and forward
  // (or any other URL change) bring the URL's view back.
  const fromUrl = useMemo(() => parseViewState(searchParams, available, props.defaultPids), [searchParams, available, props.defaultPids]);
  const [state, setState] = useState<ViewState>(fromUrl);
  const written = useRef(viewQuery(fromUrl));
  useEffect(() => {
    if (viewQuery(fromUrl) !== written.current) {
      written.current = viewQuery(fromUrl);
      setState(fromUrl);
    }
  }, [fromUrl]);
  const catalog = useMemo(() => new Map(view.pids.map((p) => [p.key, p])), [view.pids]);
  const shown = useMemo(() => displayPids(state.pids, catalog, overrides, unitSystem), [state.pids, catalog, overrides, unitSystem]);

  // Live: a view that reaches the end of the trip follows new samples; a zoomed one stays put.
  const chartVersion = state.to === null ? stats.sampleCount : 0;
  const chart = useJson<ChartPayload>(chartUrl(view.id, state, pointsFor(width)), chartVersion, props.initialChart, props.initialChartUrl);
  const track = useJson<TrackPayload | null>(trackUrl(view.id, colorKey), stats.sampleCount, props.initialTrack, props.initialTrackUrl);

  // The stored summary changed (the idle sweep, an edit elsewhere): re-render it from the server.
  const summaryAt = useRef(view.stats.summaryAt);
  useEffect(() => {
    if (stats.summaryAt !== summaryAt.current) {
      summaryAt.current = stats.summaryAt;
      router.refresh();
    }
  }, [stats.summaryAt, router]);

  const trip: [number, number] = [Math.min(view.startedAt, chart.data.t[0] ?? view.startedAt), Math.max(stats.endedAt ?? view.startedAt, chart.data.t.at(-1) ?? 0)];
  const domain: [number, number] = [state.from ?? trip[0], Math.max((state.to ?? trip[1]), (state.from ?? trip[0]) + 1000)];
  const navigate = (next: ViewState, push: boolean) => {
    setState(next);
    written.current = viewQuery(next);
    window.history[push ? "pushState" : "replaceState"](null, "", `${pathname}${written.current}`);
  };
  const zoom = (from: number | null, to: number | null) => {
    const whole = from === null || to === null || (from <= trip[0] && to >= trip[1]);
    navigate({ ...state, from: whole ? null : Math.round(from), to: whole ? null : Math.round(to) }, true);
  };
  const togglePid = (key: string) => {
    const pids = state.pids.includes(key) ? state.pids.filter((k) => k !== key) : [...state.pids, key].slice(0, MAX_SELECTED);
    navigate({ ...state, pids }, false);
  };

  if (deleted) {
    return (
      <p role="alert" className="panel">
        This session was deleted. <Link href="/">Back to the sessions</Link>
      </p>
    );
  }

  return (
    <>
      <SessionHeader view={view} stats={stats} live={live} timeZone={timeZone} />
      <SummaryPanel stats={stats} live={live} summary={view.summary} pids={view.pids} overrides={overrides} system={unitSystem} timeZone={timeZone} />
      <div className={styles.layout}>
        <PidPicker
          pids={view.pids}
          selected={state.pids}
          max={MAX_SELECTED}
          favourites={favourites}
          overrides={overrides}
          system={unitSystem}
          onToggle={togglePid}
          onFavourite={(key, favourite) => {
            setFavourites((f) => {
              const next = new Set(f);
              if (favourite) next.add(key);
              else next.delete(key);
              return next;
            });
            void setFavouritePidAction(key, favourite);
          }}
          onUnit={(key, unit) => {
            setOverrides((o) => {
              const next = { ...o };
              if (unit === null) delete next[key];
              else next[key] = unit;
              return next;
            });
            void setPidUnitAction(key, unit);
          }}
        />
        <div className={styles.main} ref={mainRef}>
          {timeZone ? (
            <ChartArea
              payload={chart.data}
              loading={chart.loading}
              error={chart.error}
              pids={shown}
              domain={domain}
              trip={trip}
              zoomed={state.from !== null || state.to !== null}
              timeZone={timeZone}
              width={width}
              hover={hover}
              onHover={setHover}
              onZoom={zoom}
            />
          ) : (
            <p className={styles.empty}>Loading charts…</p>
          )}
          <h2 style={{ fontSize: "1.1rem" }}>Route</h2>
          {track.data && timeZone ? (
            <TrackMap
              track={track.data}
              color={(() => {
                const c = track.data.color && displayPids([track.data.color.key], catalog, overrides, unitSystem)[0];
                return c ? { key: c.key, name: c.name, unit: c.unit, convert: c.convert } : null;
              })()}
              colorOptions={view.pids.filter((p) => p.key !== "ff1005" && p.key !== "ff1006")}
              onColorChange={setColorKey}
              hover={hover}
              onHover={setHover}
              range={domain}
              wholeTrip={state.from === null && state.to === null}
              tileUrlTemplate={props.tileUrl}
              timeZone={timeZone}
            />
          ) : (
            <p className={styles.empty}>{track.data ? "Loading the map…" : "No GPS position was logged in this session."}</p>
          )}
        </div>
      </div>
      {timeZone ? (
        <EditPanel
          sessionId={view.id}
          name={view.name}
          notes={view.notes}
          sampleCount={stats.sampleCount}
          range={domain}
          splitDefault={Math.round((domain[0] + domain[1]) / 2)}
          timeZone={timeZone}
        />
      ) : null}
    </>
  );
}
