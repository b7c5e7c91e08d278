/**
 * The session list's public contract, shared by the server (lib/sessions/query.ts, the open API)
 * and the browser (the session browser builds its URLs from the same names): the URL/API
 * parameters and their validation, the opaque page cursor, and the shape of one list item.
 * Pure: no I/O, safe to import from client components.
 */
import { z } from "zod";
import { badRequest } from "@/lib/http/errors";
import { normalisePidKey } from "@/lib/torque/pid-key";
import { localToUtc } from "@/lib/time";

export const SORT_KEYS = ["start", "duration", "distance", "samples", "vehicle", "device", "maxSpeed", "fuel", "name"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = "asc" | "desc";

/** Text columns read naturally A→Z; numbers and times newest/biggest first. */
const TEXT_SORTS: ReadonlySet<SortKey> = new Set<SortKey>(["vehicle", "device", "name"]);
export const defaultOrder = (sort: SortKey): SortOrder => (TEXT_SORTS.has(sort) ? "asc" : "desc");

/** A session that received an upload this recently is "live" (still driving). */
export const LIVE_WINDOW_MS = 60_000;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

/** The parameters that select sessions (everything but sort, order, page size and cursor). */
export const FILTER_PARAMS = [
  "q",
  "from",
  "to",
  "vehicle",
  "device",
  "minSamples",
  "minDurationS",
  "minDistanceKm",
  "hasGps",
  "hasPid",
  "tag",
  "live",
] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export type DateParam = { kind: "date"; year: number; month: number; day: number } | { kind: "instant"; ms: number };

/** "2024-03-01" (a calendar day) or an ISO date-time with Z or an offset; null when neither. */
export function parseDateParam(raw: string): DateParam | null {
  const day = DATE_ONLY.exec(raw);
  if (day) {
    const [year, month, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const probe = new Date(Date.UTC(year, month - 1, d));
    if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== d) return null;
    return { kind: "date", year, month, day: d };
  }
  if (!DATE_TIME.test(raw)) return null;
  const ms = Date.parse(raw);
  // V8 rolls 2024-02-30T… over instead of refusing it: the date part must survive the round trip.
  const datePart = parseDateParam(raw.slice(0, 10));
  return Number.isFinite(ms) && datePart ? { kind: "instant", ms } : null;
}

/**
 * The instants a from/to pair selects (on session start): from inclusive, to exclusive. A bare
 * date means that whole local day in `timeZone`, so "to=2024-03-31" includes the 31st.
 */
export function dateRange(from: string | undefined, to: string | undefined, timeZone: string): { fromMs?: number; toMs?: number } {
  const startOf = (p: DateParam, nextDay: boolean): number => {
    if (p.kind === "instant") return nextDay ? p.ms + 1 : p.ms;
    const start = localToUtc({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0, second: 0 }, timeZone);
    if (!nextDay) return start;
    const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
    return localToUtc({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 }, timeZone);
  };
  const f = from ? parseDateParam(from) : null;
  const t = to ? parseDateParam(to) : null;
  return { fromMs: f ? startOf(f, false) : undefined, toMs: t ? startOf(t, true) : undefined };
}

// Query strings carry "" for an empty form field: that means "no filter", not a bad value.
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

const count = (name: string, max: number) =>
  z.coerce.number({ error: `${name} must be a number.` }).int(`${name} must be a whole number.`).min(0, `${name} cannot be negative.`).max(max, `${name} is at most ${max}.`);
const amount = (name: string, max: number) =>
  z.coerce.number({ error: `${name} must be a number.` }).refine(Number.isFinite, `${name} must be a number.`).pipe(z.number().min(0, `${name} cannot be negative.`).max(max, `${name} is at most ${max}.`));
const flag = (name: string) => z.stringbool({ error: `${name} must be true or false (1/0, yes/no).` });
const dateField = (name: string) =>
  z.string().trim().refine((v) => parseDateParam(v) !== null, `${name} must be a date (2024-03-31) or an ISO date-time with a zone (2024-03-31T18:00:00Z).`);

const filterFields = {
  q: optional(z.string().trim().max(200, "q is at most 200 characters.")).describe("Free text: every word must occur in the name, notes, vehicle (profile) name, device nickname or Torque device id (case-insensitive)"),
  from: optional(dateField("from")).describe("Sessions starting on or after: a date (a whole day in the user's time zone) or an ISO 8601 date-time with offset"),
  to: optional(dateField("to")).describe("Sessions starting on or before: a date (its whole day included) or an ISO 8601 date-time with offset"),
  vehicle: optional(z.string().trim().max(200, "vehicle is at most 200 characters.")).describe("Vehicle profile id or name (case-insensitive)"),
  device: optional(z.coerce.number({ error: "device must be a device id." }).int("device must be a device id.").positive("device must be a device id.").max(2 ** 31 - 1, "device must be a device id.")).describe("Device id"),
  minSamples: optional(count("minSamples", 1e9)).describe("At least this many samples"),
  minDurationS: optional(amount("minDurationS", 1e9)).describe("At least this long, in seconds"),
  minDistanceKm: optional(amount("minDistanceKm", 1e7)).describe("At least this far, in km"),
  hasGps: optional(flag("hasGps")).describe("true: only sessions with a GPS track; false: only those without"),
  hasPid: optional(
    z
      .string()
      .trim()
      .transform((v, ctx) => {
        const key = normalisePidKey(v.replace(/^k/i, ""));
        if (key === null) ctx.addIssue({ code: "custom", message: "hasPid must be a PID key in hex, like ff1005 or 0d." });
        return key ?? "";
      }),
  ).describe("Only sessions that logged this PID (hex key, e.g. ff1005)"),
  tag: optional(z.string().trim().max(50, "tag is at most 50 characters.")).describe("Only sessions with this tag"),
  live: optional(flag("live")).describe("true: only sessions that received data in the last 60 s; false: only the others"),
};

/** from after to is a mistake worth telling (comparable here when both are dates or both instants). */
function checkRange(f: { from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (!f.from || !f.to) return;
  const a = parseDateParam(f.from);
  const b = parseDateParam(f.to);
  const key = (p: DateParam | null) => (p === null ? 0 : p.kind === "instant" ? p.ms : Date.UTC(p.year, p.month - 1, p.day));
  if (a && b && a.kind === b.kind && key(a) > key(b)) ctx.addIssue({ code: "custom", path: ["to"], message: "to is before from." });
}

const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${MAX_LIMIT}.`;
const INVALID_CURSOR = "cursor is not valid for this list (damaged, or made for another sort order): start again from the first page.";

export const sessionFilterSchema = z.object(filterFields).superRefine(checkRange);

export const sessionListQuerySchema = z
  .object({
    ...filterFields,
    sort: optional(z.enum(SORT_KEYS, { error: `sort must be one of ${SORT_KEYS.join(", ")}.` }))
      .transform((v) => v ?? "start")
      .describe("Sort key (default start); ties are broken by id, and an unknown value (NULL) counts as the smallest"),
    order: optional(z.enum(["asc", "desc"], { error: "order must be asc or desc." })).describe("Default: asc for name, vehicle and device, desc otherwise"),
    limit: optional(z.coerce.number({ error: LIMIT_MESSAGE }).int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE).max(MAX_LIMIT, LIMIT_MESSAGE))
      .transform((v) => v ?? DEFAULT_LIMIT)
      .describe(`Page size, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`),
    cursor: optional(z.string().max(1000, INVALID_CURSOR).regex(/^[A-Za-z0-9_-]+$/, INVALID_CURSOR)).describe(
      "Opaque: nextCursor or prevCursor of the previous response, with the same sort and order",
    ),
  })
  .superRefine(checkRange);

type ParsedFilter = z.output<typeof sessionFilterSchema>;
/** A parsed filter; `timeZone` is where bare dates are local days (the user's zone; default UTC). */
export type SessionFilter = ParsedFilter & { timeZone?: string };
export type SessionListQuery = z.output<typeof sessionListQuerySchema> & { timeZone?: string };

export type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

function toRecord(raw: RawParams): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw instanceof URLSearchParams) {
    for (const [k, v] of raw) if (!(k in out)) out[k] = v;
  } else {
    for (const [k, v] of Object.entries(raw)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) out[k] = first;
    }
  }
  return out;
}

function parseWith<T extends z.ZodType>(schema: T, raw: RawParams): z.output<T> {
  const parsed = schema.safeParse(toRecord(raw));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = typeof issue.path[0] === "string" ? issue.path[0] : undefined;
  throw badRequest(issue.message, field);
}

/** URL or API parameters → a list query; throws a 400 AppError naming the bad field. Unknown keys are ignored. */
export function parseSessionListQuery(raw: RawParams, opts: { timeZone?: string } = {}): SessionListQuery {
  return { ...parseWith(sessionListQuerySchema, raw), timeZone: opts.timeZone };
}

/** Only the filter part (for "select all matching", bulk actions and downloads). */
export function parseSessionFilter(raw: RawParams, opts: { timeZone?: string } = {}): SessionFilter {
  return { ...parseWith(sessionFilterSchema, raw), timeZone: opts.timeZone };
}

/** Whether any filter narrows the list (an empty result then means "nothing matches", not "no sessions"). */
export function hasActiveFilter(filter: SessionFilter): boolean {
  return FILTER_PARAMS.some((k) => filter[k] !== undefined && filter[k] !== "");
}

// ---- cursor --------------------------------------------------------------------------------

/** Sort value of the row a page ends at: epoch ms for start, numbers, lower-cased text, or null. */
export type CursorValue = number | string | null;
export interface Cursor {
  sort: SortKey;
  order: SortOrder;
  /** "next": rows after this one; "prev": rows before it (the previous page). */
  dir: "next" | "prev";
  value: CursorValue;
  id: number;
}

const cursorShape = z.object({
  s: z.enum(SORT_KEYS),
  o: z.enum(["asc", "desc"]),
  d: z.enum(["next", "prev"]),
  v: z.union([z.number().refine(Number.isFinite), z.string().max(400), z.null()]),
  i: z.number().int().positive().max(2 ** 31 - 1),
});

export function encodeCursor(c: Cursor): string {
  const json = JSON.stringify({ s: c.sort, o: c.order, d: c.dir, v: c.value, i: c.id });
  return base64url(json);
}

/** Decodes a cursor made by encodeCursor for this sort and order; anything else is a 400. */
export function decodeCursor(raw: string, sort: SortKey, order: SortOrder): Cursor {
  let data: unknown;
  try {
    data = JSON.parse(fromBase64url(raw));
  } catch {
    throw badRequest(INVALID_CURSOR, "cursor");
  }
  const parsed = cursorShape.safeParse(data);
  if (!parsed.success || parsed.data.s !== sort || parsed.data.o !== order) throw badRequest(INVALID_CURSOR, "cursor");
  const { v } = parsed.data;
  // Start and samples are never NULL, nor are vehicle and device labels ("" for no vehicle).
  const ok =
    sort === "start" || sort === "samples"
      ? typeof v === "number" && Number.isInteger(v)
      : sort === "vehicle" || sort === "device"
        ? typeof v === "string"
        : sort === "name"
          ? v === null || typeof v === "string"
          : v === null || typeof v === "number";
  if (!ok) throw badRequest(INVALID_CURSOR, "cursor");
  return { sort, order, dir: parsed.data.d, value: v, id: parsed.data.i };
}

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): string {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

// ---- items ---------------------------------------------------------------------------------

/** One row of the list, as the page and the API return it (times ISO UTC, stored metric units). */
export interface SessionListItem {
  id: number;
  /** Torque's session id (epoch ms at trip start), as a string: it exceeds 2^53 in theory. */
  torqueSession: string;
  deviceId: number;
  /** The device's nickname, else the first 8 characters of its Torque id. */
  device: string;
  profileName: string | null;
  startedAt: string;
  endedAt: string | null;
  sampleCount: number;
  distanceKm: number | null;
  durationS: number | null;
  maxSpeedKmh: number | null;
  fuelUsedL: number | null;
  name: string | null;
  notes: string | null;
  tags: string[];
  hasGps: boolean;
  live: boolean;
}

export interface SessionListPage {
  items: SessionListItem[];
  /** Cursor of the following page, null on the last one. */
  nextCursor: string | null;
  /** Cursor of the preceding page, null on the first one. */
  prevCursor: string | null;
  /** Number of sessions matching the filter (all pages). */
  total: number;
}

/** What the filter menus offer: the user's vehicles, devices, tags in use and known PIDs. */
export interface SessionFilterOptions {
  vehicles: { id: number; name: string; device: string }[];
  devices: { id: number; label: string }[];
  tags: string[];
  /** PIDs the user's devices have described (for "has PID"), by key. */
  pids: { key: string; name: string }[];
}
