import { z } from "zod";
import { requireActor } from "@/lib/auth/actor";
import { loadConfig } from "@/lib/config";
import { badRequest } from "@/lib/http/errors";
import { handle, json } from "@/lib/http/respond";
import { importTrackLogFiles } from "@/lib/import/import-files";
import { withSpooledUpload } from "@/lib/import/receive";
import type { ImportResponse } from "@/lib/import/report";
import { isValidTimeZone } from "@/lib/time";

export const dynamic = "force-dynamic";

const MAX_FILES = 100;

const blankIsAbsent = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const fieldsSchema = z.object({
  timeZone: z.preprocess(
    blankIsAbsent,
    z.string().trim().max(64).refine(isValidTimeZone, "Unknown time zone: use an IANA name such as Europe/Berlin.").optional(),
  ),
  deviceId: z.preprocess(blankIsAbsent, z.coerce.number().int().positive().max(2_147_483_647).optional()),
});

/**
 * POST /api/v1/imports: multipart/form-data with one or more `file` fields (Torque
 * trackLog.csv), optional `timeZone` (IANA, for Device Time; default the user's) and
 * `deviceId` (default the "Imported" device). Answers 200 with a report per file; a
 * refused file has `error` and stored nothing, while the other files still import.
 */
export const POST = handle("imports", async (request: Request) => {
  const actor = await requireActor(request, "writeData");
  const config = loadConfig();
  const limits = { maxFileBytes: config.IMPORT_MAX_BYTES, maxFiles: MAX_FILES };
  const files = await withSpooledUpload(request, config.dataDir, limits, async (upload) => {
    const fields = fieldsSchema.safeParse(Object.fromEntries(upload.fields));
    if (!fields.success) {
      const issue = fields.error.issues[0];
      throw badRequest(issue.message, String(issue.path[0] ?? ""));
    }
    if (upload.files.length === 0) throw badRequest('No file: send one or more files in fields named "file".', "file");
    return importTrackLogFiles(upload.files, { userId: actor.userId, ...fields.data });
  });
  const body: ImportResponse = { files };
  return json(body);
});
