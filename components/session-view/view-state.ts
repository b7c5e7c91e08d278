/**
 * What the session page's URL holds: the charted PIDs and the zoomed time range
 * (`?pids=d,c&from=…&to=…`, epoch ms), so a view can be bookmarked, shared and gone back to.
 * Pure: the server page and the client both parse with it.
 */
import { PID_KEY_PATTERN } from "@/lib/pids/pid-key";

export interface ViewState {
  pids: string[];
  from: number | null;
  to: number | null;
}

export const MAX_SELECTED = 16;

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: Params, name: string): string | null {
  if (params instanceof URLSearchParams) return params.get(name);
  const v = params[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function ms(raw: string | null): number | null {
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/** Reads the URL; `defaults` when it names no PIDs. A reversed or empty range is ignored. */
export function parseViewState(params: Params, available: ReadonlySet<string>, defaults: string[]): ViewState {
  const listed = get(params, "pids");
  const pids =
    listed === null
      ? defaults
      : [...new Set(listed.split(",").map((k) => k.trim().toLowerCase()))].filter((k) => PID_KEY_PATTERN.test(k) && available.has(k)).slice(0, MAX_SELECTED);
  const from = ms(get(params, "from"));
  const to = ms(get(params, "to"));
  if (from !== null && to !== null && to <= from) return { pids, from: null, to: null };
  return { pids, from, to };
}

export function viewQuery(state: ViewState): string {
  const params = new URLSearchParams();
  params.set("pids", state.pids.join(","));
  if (state.from !== null) params.set("from", String(state.from));
  if (state.to !== null) params.set("to", String(state.to));
  return `?${params.toString().replace(/%2C/g, ",")}`;
}

/** Favourites the session has, else speed and engine RPM, else the first PIDs it logged. */
export function defaultPids(sessionKeys: string[], favourites: string[]): string[] {
  const fav = favourites.filter((k) => sessionKeys.includes(k)).slice(0, 4);
  if (fav.length > 0) return fav;
  const usual = ["d", "ff1001", "c"].filter((k) => sessionKeys.includes(k));
  const speed = usual.filter((k) => k !== "ff1001" || !usual.includes("d"));
  if (speed.length > 0) return speed;
  return sessionKeys.filter((k) => k !== "ff1005" && k !== "ff1006").slice(0, 2);
}

/** Chart resolution: about one point per pixel, in three steps so resizing rarely refetches. */
export const pointsFor = (width: number) => (width <= 600 ? 500 : width <= 1150 ? 1000 : 1600);

export function chartUrl(id: number, state: ViewState, points: number): string {
  const q = new URLSearchParams({ pids: state.pids.join(","), points: String(points) });
  if (state.from !== null) q.set("from", String(state.from));
  if (state.to !== null) q.set("to", String(state.to));
  return `/api/sessions/${id}/chart?${q.toString().replace(/%2C/g, ",")}`;
}

export function trackUrl(id: number, color: string | null): string {
  return `/api/sessions/${id}/track?points=2000${color ? `&color=${color}` : ""}`;
}
