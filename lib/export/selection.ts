import "server-only";
import { badRequest } from "@/lib/http/errors";
import { countSessions, parseSessionFilter, sessionIdsMatching } from "@/lib/sessions/query";
import { parseSessionIds } from "./options";

/**
 * Which sessions a bulk download is for: ids (at most 5,000 per request, all checked before
 * anything is sent), or the session list's filter ("select all N matching": any number, read
 * in batches while the zip is written, so a filter over 50,000 sessions costs what one batch
 * costs). The filter reads dates in the user's zone, as the list showed them.
 */
export type SelectionRequest = { ids: readonly (string | number)[] } | { filter: Record<string, string> | URLSearchParams };

export interface Selection {
  ids: readonly number[] | AsyncIterable<readonly number[]>;
  /** Sessions in the download: exact for ids; for a filter, those matching when it starts. */
  total: number;
}

export async function resolveSelection(userId: number, request: SelectionRequest, timeZone: string): Promise<Selection> {
  if ("ids" in request) {
    const ids = parseSessionIds(request.ids);
    return { ids, total: ids.length };
  }
  const filter = parseSessionFilter(request.filter, { timeZone });
  const total = await countSessions(userId, filter);
  if (total === 0) throw badRequest("No session matches this filter: nothing to download.", "filter");
  return { ids: sessionIdsMatching(userId, filter), total };
}

/** A JSON filter object's values as the text the list's URL would carry. */
export function filterFromJson(filter: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)]));
}
