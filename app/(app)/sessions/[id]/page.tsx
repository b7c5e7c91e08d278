import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { SessionPage } from "@/components/session-view/session-page";
import { chartUrl, defaultPids, parseViewState, pointsFor, trackUrl } from "@/components/session-view/view-state";
import { requireUserWith } from "@/lib/auth/current-user";
import { tileUrlTemplate } from "@/lib/geo/tile-source";
import { pidPreferences } from "@/lib/pids/preferences";
import { chartData } from "@/lib/sessions/chart-data";
import { ensureIdleSweeper } from "@/lib/sessions/idle-sweeper";
import { LAT_KEY, LON_KEY, trackData } from "@/lib/sessions/track-data";
import { loadSessionView } from "@/lib/sessions/view";
import { TIME_ZONE_COOKIE, viewerTimeZone } from "@/lib/viewer-time-zone";

export const metadata: Metadata = { title: "Session" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SessionViewPage({ params, searchParams }: Props) {
  const { user } = await requireUserWith("readData");
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) notFound();
  const view = await loadSessionView(user.id, Number(id));
  if (!view) notFound();
  ensureIdleSweeper();

  const prefs = await pidPreferences(user.id);
  const keys = view.pids.map((p) => p.key);
  const defaults = defaultPids(keys, prefs.favourites);
  const state = parseViewState(await searchParams, new Set(keys), defaults);
  // The first paint's data, fetched exactly as the client would (same URLs, so no refetch).
  const points = pointsFor(1000);
  const hasTrack = keys.includes(LAT_KEY) && keys.includes(LON_KEY);
  const [chart, track] = await Promise.all([
    chartData(user.id, view.id, { pids: state.pids, fromMs: state.from ?? undefined, toMs: state.to ?? undefined, points, significantDigits: 7 }),
    hasTrack ? trackData(user.id, view.id, { points: 2000, compact: true }) : null,
  ]);

  // The user's zone, else the one the browser reported (cookie); unknown: the client uses its own.
  const zoneKnown = Boolean(user.timeZone) || (await cookies()).has(TIME_ZONE_COOKIE);

  return (
    <SessionPage
      view={view}
      prefs={prefs}
      unitSystem={user.unitSystem === "imperial" ? "imperial" : "metric"}
      preferredTimeZone={zoneKnown ? await viewerTimeZone(user) : null}
      defaultPids={defaults}
      initialChart={chart}
      initialChartUrl={chartUrl(view.id, state, points)}
      initialTrack={track}
      initialTrackUrl={trackUrl(view.id, track?.color?.key ?? null)}
      tileUrl={tileUrlTemplate()}
    />
  );
}
