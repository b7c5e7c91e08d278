/**
 * What an import answers, per file: the JSON of POST /api/v1/imports (its OpenAPI schema)
 * and what the import page shows. The browser imports only the types.
 */
import { z } from "zod";

export const REJECTED_ROWS_LISTED = 50;

export const importedSessionSchema = z.object({
  id: z.number().int().describe("The session's id"),
  status: z.enum(["created", "merged"]).describe("created: a new trip; merged: the rows joined a trip of the device that already covered that time"),
  rowsRead: z.number().int().describe("Data rows of this trip in the file, usable or not"),
  samplesInserted: z.number().int().describe("New samples (timestamps the session did not have)"),
  samplesMerged: z.number().int().describe("Existing samples that gained values from the file"),
  samplesUnchanged: z.number().int().describe("Samples already stored with these values (a re-import): nothing written"),
  firstTime: z.string().describe("ISO 8601 UTC"),
  lastTime: z.string().describe("ISO 8601 UTC"),
});

export const fileImportReportSchema = z.object({
  file: z.string().describe("The file name as uploaded"),
  bytes: z.number().int(),
  error: z.string().optional().describe("Present when the whole file was refused; then nothing of it was stored"),
  sessions: z.array(importedSessionSchema),
  columnsMapped: z.number().int().describe("Data columns stored under a known PID key (fixed GPS columns included)"),
  columnsUnknown: z.array(z.string()).describe("Column names no PID matched, kept as custom PIDs (key fe + 10 hex digits)"),
  columnsSkipped: z.array(z.object({ column: z.string(), reason: z.string() })).describe("Columns left out, e.g. a unit that cannot be converted"),
  rowsRejected: z
    .array(z.object({ line: z.number().int(), reason: z.string() }))
    .describe(`Rows that could not be used (the first ${REJECTED_ROWS_LISTED}), by 1-based line`),
  rowsRejectedCount: z.number().int(),
  warnings: z.array(z.string()).describe("Worth a look but not fatal, e.g. Device Time disagreeing with GPS Time"),
  timeZone: z.string().describe("The IANA zone Device Time was read in"),
});

export const importResponseSchema = z.object({ files: z.array(fileImportReportSchema) });

export type ImportedSession = z.infer<typeof importedSessionSchema>;
export type FileImportReport = z.infer<typeof fileImportReportSchema>;
export type ImportResponse = z.infer<typeof importResponseSchema>;
export type RejectedRow = FileImportReport["rowsRejected"][number];
export type SkippedColumn = FileImportReport["columnsSkipped"][number];
