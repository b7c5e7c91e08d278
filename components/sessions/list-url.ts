/**
 * The session browser keeps its whole state in the URL (bookmarkable, restored by Back): these
 * pure helpers turn the current parameters plus a change into the next URL, with defaults left
 * out so URLs stay short, and build the query strings of bulk actions and downloads.
 */
import { DEFAULT_LIMIT, defaultOrder, FILTER_PARAMS, SORT_KEYS, type SortKey } from "@/lib/sessions/list-model";
import { formatInZone, startOfDayInZone, startOfMonthInZone } from "@/lib/time";

/** The list's URL parameters, one value each (as the page received them). */
export type ListParams = Record<string, string>;

const isSortKey = (v: string | undefined): v is SortKey => (SORT_KEYS as readonly string[]).includes(v ?? "");

export function currentSort(params: ListParams): { sort: SortKey; order: "asc" | "desc" } {
  const sort = isSortKey(params.sort) ? params.sort : "start";
  const order = params.order === "asc" || params.order === "desc" ? params.order : defaultOrder(sort);
  return { sort, order };
}

/**
 * The URL after applying `changes` (null or "" removes a parameter). Any change other than the
 * cursor starts again from the first page, because a cursor belongs to one sort and filter.
 */
export function listHref(params: ListParams, changes: Record<string, string | null>): string {
  const next: ListParams = { ...params };
  if (!("cursor" in changes)) delete next.cursor;
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") delete next[key];
    else next[key] = value;
  }
  const { sort, order } = currentSort(next);
  if (sort === "start") delete next.sort;
  if (order === defaultOrder(sort)) delete next.order;
  if (next.limit === String(DEFAULT_LIMIT)) delete next.limit;
  const query = new URLSearchParams(Object.entries(next).sort(([a], [b]) => a.localeCompare(b))).toString();
  return query ? `/?${query}` : "/";
}

/** Only the filter parameters: what "all N matching" means to bulk actions and downloads. */
export function filterParams(params: ListParams): ListParams {
  return Object.fromEntries(FILTER_PARAMS.filter((k) => params[k] !== undefined && params[k] !== "").map((k) => [k, params[k]]));
}

/** The change that removes every filter (sort, order and page size stay). */
export function noFilters(): Record<string, null> {
  return Object.fromEntries(FILTER_PARAMS.map((k) => [k, null]));
}

export function hasFilters(params: ListParams): boolean {
  return Object.keys(filterParams(params)).length > 0;
}

/** Identifies "the same list" (filter and sort, not the page): a selection lives as long as it. */
export function listIdentity(params: ListParams): string {
  const { sort, order } = currentSort(params);
  return new URLSearchParams({ ...filterParams(params), sort, order }).toString();
}

/** What a selection is: explicit session ids, or every session matching the current filter. */
export type SelectionTarget = { kind: "ids"; ids: number[] } | { kind: "all"; filter: ListParams };

/** Query string of the download hand-off: `ids=1,2,3`, or the filter and `all=1`. */
export function downloadQuery(target: SelectionTarget): [string, string][] {
  if (target.kind === "ids") return [["ids", target.ids.join(",")]];
  return [...Object.entries(target.filter), ["all", "1"]];
}

export type DatePreset = "today" | "last7" | "month";

/** Date-range presets as local calendar days in the viewer's zone ("to" includes its whole day). */
export function datePresets(nowMs: number, timeZone: string): Record<DatePreset, { from: string; to: string }> {
  const today = formatInZone(startOfDayInZone(nowMs, timeZone), timeZone, "date");
  // Six days back at noon of today: a DST change in between cannot move it to another date.
  const noon = startOfDayInZone(nowMs, timeZone) + 12 * 3_600_000;
  return {
    today: { from: today, to: today },
    last7: { from: formatInZone(noon - 6 * 86_400_000, timeZone, "date"), to: today },
    month: { from: formatInZone(startOfMonthInZone(nowMs, timeZone), timeZone, "date"), to: today },
  };
}

export function activePreset(params: ListParams, presets: Record<DatePreset, { from: string; to: string }>): DatePreset | null {
  for (const [name, range] of Object.entries(presets) as [DatePreset, { from: string; to: string }][]) {
    if (params.from === range.from && params.to === range.to) return name;
  }
  return null;
}
