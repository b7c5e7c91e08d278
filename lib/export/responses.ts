import "server-only";
import { attachment } from "@/lib/http/respond";
import { attachmentHeader } from "./file-names";
import { resolveExportOptions, type downloadOptionsSchema } from "./options";
import { exportUserSettings } from "./sessions";
import { resolveSelection, type SelectionRequest } from "./selection";
import { exportZipStream } from "./zip";
import { sessionDownload } from "./download";
import type { SessionPart } from "./session-stream";
import type { ExportFormat } from "./options";
import type { z } from "zod";

type Requested = z.output<typeof downloadOptionsSchema> & { job?: string };

/**
 * The zip download as an HTTP response: the route handlers (API and the browser's form target)
 * all answer with this. `X-Export-Sessions` says how many files to expect, `X-Export-Job`
 * which id to poll for progress (GET /api/sessions/export/{job}) or cancel (DELETE).
 */
export async function zipDownloadResponse(userId: number, selection: SelectionRequest, requested: Requested, signal: AbortSignal): Promise<Response> {
  const settings = await exportUserSettings(userId);
  const options = resolveExportOptions(requested, settings);
  const { ids, total } = await resolveSelection(userId, selection, settings.timeZone ?? "UTC");
  const zip = await exportZipStream(userId, ids, options, { signal, jobId: requested.job, total });
  return attachment(zip.stream, "application/zip", attachmentHeader(zip.fileName), {
    "x-export-job": zip.job.id,
    "x-export-sessions": String(zip.job.total ?? total),
  });
}

export async function sessionDownloadResponse(
  userId: number,
  sessionId: number,
  format: ExportFormat,
  requested: Requested,
  signal: AbortSignal,
  part?: SessionPart,
): Promise<Response> {
  const options = resolveExportOptions(requested, await exportUserSettings(userId));
  const download = await sessionDownload(userId, sessionId, format, options, { signal, part });
  return attachment(download.stream, download.contentType, attachmentHeader(download.fileName), { "x-export-job": download.job.id });
}
