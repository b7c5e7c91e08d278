/**
 * What a download request may ask for, validated with real bounds, and the defaults a user's
 * settings supply. Pure (no I/O): route handlers parse with these, lib/export uses the result.
 */
import { z } from "zod";
import { badRequest, AppError } from "@/lib/http/errors";
import { isValidTimeZone } from "@/lib/time";
import type { UnitSystem } from "@/lib/units";
import type { UnitChoice } from "./columns";

/** More ids than this in one request: use the filter form ("all N matching") instead. */
export const MAX_EXPORT_IDS = 5000;

export const EXPORT_FORMATS = ["csv", "json", "gpx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const timeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, { message: "Unknown time zone: use an IANA name such as Europe/Berlin or UTC." });

/** A client-chosen id for following an export's progress (and cancelling it). */
const jobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "job must be 8-64 letters, digits, '-' or '_'.");

export const downloadOptionsSchema = z.object({
  units: z.enum(["stored", "display"]).default("stored"),
  tz: timeZone.optional(),
});

export const sessionDownloadSchema = downloadOptionsSchema.extend({
  format: z.enum(EXPORT_FORMATS).default("csv"),
});

export interface ExportOptions {
  units: "stored" | "display";
  unitSystem: UnitSystem;
  timeZone: string;
}

export function unitChoice(options: ExportOptions): UnitChoice {
  return options.units === "stored" ? { units: "stored" } : { units: "display", system: options.unitSystem };
}

/** The request's choices over the user's settings: stored units, the user's zone, else UTC. */
export function resolveExportOptions(
  requested: z.output<typeof downloadOptionsSchema>,
  user: { timeZone: string | null; unitSystem: string },
): ExportOptions {
  const userZone = user.timeZone !== null && isValidTimeZone(user.timeZone) ? user.timeZone : "UTC";
  return {
    units: requested.units,
    unitSystem: user.unitSystem === "imperial" ? "imperial" : "metric",
    timeZone: requested.tz ?? userZone,
  };
}

const MAX_ID = 2_147_483_647;

/** A decimal id (digits only: "1e3" and "0x10" are not ids) or an integer, 1 … 2^31-1; else null. */
function toId(part: string | number): number | null {
  const n = typeof part === "number" ? part : /^\d{1,10}$/.test(part) ? Number(part) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_ID ? n : null;
}

/**
 * Session ids from `ids=1,2,3`, repeated `ids=1&ids=2`, or a JSON array: de-duplicated, in
 * the order given. Empty -> 400, over MAX_EXPORT_IDS -> 413 pointing to the filter form.
 */
export function parseSessionIds(raw: readonly (string | number)[]): number[] {
  const parts: (string | number)[] = raw.flatMap((r): (string | number)[] => (typeof r === "number" ? [r] : r.split(",").map((p) => p.trim())));
  const ids: number[] = [];
  const seen = new Set<number>();
  for (const part of parts) {
    if (part === "") continue;
    const id = toId(part);
    if (id === null) throw badRequest(`Not a session id: ${String(part).slice(0, 20)}`, "ids");
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
    if (ids.length > MAX_EXPORT_IDS) break;
  }
  if (ids.length === 0) throw badRequest("Select at least one session to download.", "ids");
  if (ids.length > MAX_EXPORT_IDS) {
    throw new AppError(
      "payload_too_large",
      `At most ${MAX_EXPORT_IDS.toLocaleString("en-US")} session ids per request. To download more, send the list's filter instead ("select all N matching").`,
      { field: "ids" },
    );
  }
  return ids;
}

/** GET /api/sessions/export?ids=…&units=…&tz=…&job=… (ids are read separately: they may repeat). */
export const exportQuerySchema = downloadOptionsSchema.extend({ job: jobId.optional() });

/**
 * POST /api/sessions/export: `{ "sessionIds": [...] }` or `{ "filter": { "from": "2024-01-01", … } }`
 * (the session list's filter parameters), with "units"?, "tz"?, "job"?.
 */
export const exportBodySchema = exportQuerySchema
  .extend({
    // Length is checked by parseSessionIds, so that too many ids get the 413 that explains why.
    sessionIds: z.array(z.union([z.number(), z.string().max(12)])).optional(),
    filter: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()])).optional(),
  })
  .refine((b) => (b.sessionIds === undefined) !== (b.filter === undefined), {
    message: 'Send either "sessionIds" (a list of ids) or "filter" (the session list\'s filter), not both or neither.',
    path: ["sessionIds"],
  });

export const jobIdSchema = jobId;

/** zod issues -> the 400 envelope naming the field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = typeof issue.path[0] === "string" ? issue.path[0] : undefined;
  throw badRequest(issue.message, field);
}
