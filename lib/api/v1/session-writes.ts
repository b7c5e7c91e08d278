import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { idParam, sessionItemSchema } from "@/lib/api/v1/schemas";
import { exportBodySchema } from "@/lib/export/options";
import { patchSchema } from "@/lib/sessions/bulk";
import { sessionListQuerySchema } from "@/lib/sessions/list-model";


export const listSessionsOp = defineOperation({
  id: "listSessions",
  method: "GET",
  path: "/api/v1/sessions",
  tag: "Sessions",
  summary: "Your sessions: the same sorts and filters as the session list, cursor-paginated",
  description: "Follow `nextCursor` (same sort and order) until it is null. Bare dates in from/to are whole days in your time zone.",
  permission: "readData",
  query: sessionListQuerySchema,
  response: z.object({
    items: z.array(sessionItemSchema),
    nextCursor: z.string().nullable(),
    prevCursor: z.string().nullable(),
    total: z.number().int().describe("Sessions matching the filter, all pages"),
  }),
  etag: true,
});

export const patchSessionOp = defineOperation({
  id: "updateSession",
  method: "PATCH",
  path: "/api/v1/sessions/{id}",
  tag: "Sessions",
  summary: "Rename a session, set its notes or its tags",
  permission: "writeData",
  params: idParam,
  body: patchSchema,
  response: sessionItemSchema,
  errors: [404],
});

export const deleteSessionOp = defineOperation({
  id: "deleteSession",
  method: "DELETE",
  path: "/api/v1/sessions/{id}",
  tag: "Sessions",
  summary: "Delete a session and its samples",
  permission: "writeData",
  params: idParam,
  response: z.object({ deleted: z.number().int() }),
  errors: [404],
});

export const mergeSessionsOp = defineOperation({
  id: "mergeSessions",
  method: "POST",
  path: "/api/v1/sessions/merge",
  tag: "Sessions",
  summary: "Merge adjacent sessions of one device into the earliest",
  permission: "writeData",
  body: z.object({ sessionIds: z.array(z.number().int().min(1)).min(2).max(1000) }),
  response: z.object({ id: z.number().int(), merged: z.number().int() }),
  errors: [404, 409],
});

export const createExportOp = defineOperation({
  id: "createExport",
  method: "POST",
  path: "/api/v1/exports",
  tag: "Downloads",
  summary: "A zip of one Torque-format CSV per session plus index.csv, streamed",
  description:
    'Body: { "sessionIds": [...] } (at most 5,000) or { "filter": { ...the session list filters } }, with "units" (stored|display) and "tz". Two downloads at once per user.',
  permission: "readData",
  body: exportBodySchema,
  response: { mediaType: "application/zip", description: "The zip, streamed as it is made" },
  errors: [404, 413],
});
