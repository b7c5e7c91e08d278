import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { idParam, pidKey, pidSchema, sessionItemSchema } from "@/lib/api/v1/schemas";

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
});

export const samplesResponse = z.object({
  pids: z.array(pidSchema),
  columns: z.array(z.string()).describe('"time" then one PID key per column'),
  rows: z.array(z.array(z.number().nullable())).describe("[epochMs, value|null, …] per sample, in time order"),
});

export const getSessionSamples = defineOperation({
  id: "getSessionSamples",
  method: "GET",
  path: "/api/v1/sessions/{id}/samples",
  tag: "Sessions",
  summary: "A session's samples (streamed)",
  description: "Values are in the stored units (each PID's `unit`). Large sessions stream row by row.",
  permission: "readData",
  params: idParam,
  query: samplesQuery,
  response: samplesResponse,
  errors: [404],
  etag: true,
});
