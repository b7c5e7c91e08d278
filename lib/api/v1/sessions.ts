import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { idParam, pidKey, pidSchema, sessionItemSchema } from "@/lib/api/v1/schemas";
import { downloadOptionsSchema } from "@/lib/export/options";
import { MAX_CHART_POINTS } from "@/lib/sessions/chart-data";

const isoOrEpoch = z
  .union([z.coerce.number().int().min(0).max(8_640_000_000_000), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)))
  .describe("ISO 8601 date-time with offset, or epoch milliseconds");

export const sessionDetailSchema = sessionItemSchema.extend({
  avgSpeedKmh: z.number().nullable(),
  summary: z.record(z.string(), z.unknown()).nullable().describe("Trip summary and per-PID statistics, computed once per session"),
  pids: z.array(pidSchema),
});

export const getSession = defineOperation({
  id: "getSession",
  method: "GET",
  path: "/api/v1/sessions/{id}",
  tag: "Sessions",
  summary: "One session with its summary and its PIDs",
  permission: "readData",
  params: idParam,
  response: sessionDetailSchema,
  errors: [404],
  etag: true,
});

export const samplesQuery = z.object({
  pids: z
    .string()
    .max(4000)
    .transform((s) => s.split(",").map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(pidKey).max(500))
    .optional()
    .describe("Comma-separated PID keys (default: all of the session's PIDs)"),
  from: isoOrEpoch.optional(),
  to: isoOrEpoch.optional(),
  format: z.enum(["json", "csv"]).default("json").describe("json (below) or csv: the session's CSV download, byte for byte the same as the page's"),
  downsample: z.coerce
    .number()
    .int()
    .min(2)
    .max(MAX_CHART_POINTS)
    .optional()
    .describe("JSON only: at most about this many rows, keeping each time bucket's minimum and maximum of every PID (no peak is lost); all samples when they fit"),
  units: z.enum(["stored", "display"]).optional().describe("CSV only: stored (default) or display (your unit settings)"),
  tz: downloadOptionsSchema.shape.tz.describe("CSV only: IANA time zone of the time columns (default: your setting, else UTC)"),
})
  // Parameters that belong to one format only, and an empty range, are refused with their field.
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) ctx.addIssue({ code: "custom", path: ["from"], message: "`from` is after `to`." });
    if (q.format === "csv" && q.downsample !== undefined) {
      ctx.addIssue({ code: "custom", path: ["downsample"], message: "`downsample` is for format=json: the CSV is the whole download file." });
    }
    for (const field of ["units", "tz"] as const) {
      if (q.format === "json" && q[field] !== undefined) {
        ctx.addIssue({ code: "custom", path: [field], message: `\`${field}\` is for format=csv: JSON values are in the stored units, times in epoch ms.` });
      }
    }
  });

export const samplesResponse = z.object({
  pids: z.array(pidSchema),
  columns: z.array(z.string()).describe('"time" then one PID key per column'),
  rows: z.array(z.array(z.number().nullable())).describe("[epochMs, value|null, …] per sample, in time order"),
  downsample: z
    .object({
      samples: z.number().int().describe("Samples in the range"),
      bucketMs: z.number().nullable().describe("Width of a time bucket; null when every sample is in rows"),
    })
    .optional()
    .describe("Present when downsample= was given"),
});

export const getSessionSamples = defineOperation({
  id: "getSessionSamples",
  method: "GET",
  path: "/api/v1/sessions/{id}/samples",
  tag: "Sessions",
  summary: "A session's samples (streamed), as JSON or as the CSV download",
  description:
    "JSON values are in the stored units (each PID's `unit`), times in epoch ms; large sessions stream row by row. " +
    "`format=csv` answers text/csv: the same file as the session page's CSV download (Torque's trackLog.csv layout), limited by `pids`, `from` and `to` when given.",
  permission: "readData",
  params: idParam,
  query: samplesQuery,
  response: samplesResponse,
  alternateResponses: [{ mediaType: "text/csv", description: "format=csv: Torque-style CSV, as the session page downloads it" }],
  errors: [404],
  etag: true,
});
