import { requireActor } from "@/lib/auth/actor";
import { parseOrThrow, sessionDownloadSchema } from "@/lib/export/options";
import { sessionDownloadResponse } from "@/lib/export/responses";
import { notFound } from "@/lib/http/errors";
import { handle } from "@/lib/http/respond";

/** GET /api/sessions/{id}/download?format=csv|json|gpx&units=stored|display&tz=Europe/Berlin */
export const GET = handle("sessions.download", async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, "readData");
  const { id } = await context.params;
  // Anything but a positive id is as unknown as a missing session.
  if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2_147_483_647) throw notFound("No such session.");
  const query = parseOrThrow(sessionDownloadSchema, Object.fromEntries(new URL(request.url).searchParams));
  return sessionDownloadResponse(actor.userId, Number(id), query.format, query, request.signal);
});
