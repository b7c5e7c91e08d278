import { apiRoute } from "@/lib/api/route";
import { importFormFields, importTrackLogs } from "@/lib/api/v1/imports";
import { loadConfig } from "@/lib/config";
import { badRequest } from "@/lib/http/errors";
import { importTrackLogFiles } from "@/lib/import/import-files";
import { withSpooledUpload } from "@/lib/import/receive";
import type { ImportResponse } from "@/lib/import/report";

export const dynamic = "force-dynamic";

const MAX_FILES = 100;

// The multipart body is streamed to disk by withSpooledUpload (never buffered whole), so the
// operation has no JSON `body` for apiRoute to read; the text fields are validated here.
export const POST = apiRoute(importTrackLogs, async ({ request, actor }): Promise<ImportResponse> => {
  const config = loadConfig();
  const limits = { maxFileBytes: config.IMPORT_MAX_BYTES, maxFiles: MAX_FILES };
  const files = await withSpooledUpload(request, config.dataDir, limits, async (upload) => {
    const fields = importFormFields.safeParse(Object.fromEntries(upload.fields));
    if (!fields.success) {
      const issue = fields.error.issues[0];
      const field = String(issue.path[0] ?? "");
      throw badRequest(`form field ${field}: ${issue.message}`, field);
    }
    if (upload.files.length === 0) throw badRequest('No file: send one or more files in fields named "file".', "file");
    return importTrackLogFiles(upload.files, { userId: actor.userId, ...fields.data });
  });
  return { files };
});
