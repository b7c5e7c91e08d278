import { requireActor } from "@/lib/auth/actor";
import { cancelExport, exportProgress } from "@/lib/export/jobs";
import { jobIdSchema, parseOrThrow } from "@/lib/export/options";
import { notFound } from "@/lib/http/errors";
import { handle, json } from "@/lib/http/respond";

type Context = { params: Promise<{ job: string }> };

/** GET: a download's progress { state, total, done, bytes, … }; 404 once forgotten (minutes after its end). */
export const GET = handle("sessions.export.progress", async (request: Request, context: Context) => {
  const actor = await requireActor(request, "readData");
  const job = parseOrThrow(jobIdSchema, (await context.params).job);
  const progress = exportProgress(actor.userId, job);
  if (!progress) throw notFound("No such download (it may not have started yet, or ended a while ago).");
  return json(progress, { headers: { "cache-control": "no-store" } });
});

/** DELETE: cancels a running download; the server stops reading at once. */
export const DELETE = handle("sessions.export.cancel", async (request: Request, context: Context) => {
  const actor = await requireActor(request, "readData");
  const job = parseOrThrow(jobIdSchema, (await context.params).job);
  if (!cancelExport(actor.userId, job)) throw notFound("No running download with this id.");
  return json(exportProgress(actor.userId, job));
});
