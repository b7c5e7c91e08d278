import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { importResponseSchema } from "@/lib/import/report";
import { isValidTimeZone } from "@/lib/time";

const blankIsAbsent = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The text fields of the import form; validated by the route, documented below. */
export const importFormFields = z.object({
  timeZone: z
    .preprocess(blankIsAbsent, z.string().trim().max(64).refine(isValidTimeZone, "unknown time zone: use an IANA name such as Europe/Berlin").optional())
    .describe("IANA zone the files' Device Time (local, no zone) is read in; default: your time zone, else UTC"),
  deviceId: z
    .preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(2_147_483_647).optional())
    .describe("Your device to import into (a trip it already has for that time takes the rows); default: your \"Imported\" device"),
});

export const importTrackLogs = defineOperation({
  id: "importTrackLogs",
  method: "POST",
  path: "/api/v1/imports",
  tag: "Imports",
  summary: "Import Torque's own CSV logs (trackLog.csv)",
  description:
    "Send multipart/form-data with one or more `file` fields. Each file gets its own report: a refused file (not a Torque CSV, binary, " +
    "no header, no rows, columns that do not line up, gigantic lines) has `error` and stored nothing, while the other files still import. " +
    "Columns are matched to PID keys by name and converted back to stored (metric) units. Rows go into a trip of the device that overlaps " +
    "them in time, else a new one; importing the same file again adds nothing. A file over IMPORT_MAX_BYTES (default 100 MB) answers 413 " +
    "and nothing of the request is imported.",
  permission: "writeData",
  requestBody: {
    mediaType: "multipart/form-data",
    schema: importFormFields.extend({ file: z.array(z.file()).min(1).describe("trackLog.csv files, up to 100 per request") }),
  },
  response: importResponseSchema,
  errors: [404, 413],
});
