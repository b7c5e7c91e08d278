import { requireActor } from "@/lib/auth/actor";
import { exportQuerySchema, parseOrThrow } from "@/lib/export/options";
import { zipDownloadResponse } from "@/lib/export/responses";
import { AppError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/respond";
import { downloadErrorPage } from "@/lib/export/error-page";

/**
 * The session list's download form target: GET /sessions/download?ids=1,2 (or ids=1&ids=2), or
 * ?all=1 with the list's filter parameters ("all N matching"), with units/tz/job. The browser
 * saves the zip and stays on the list; a failure (nothing selected, a session gone, too many
 * ids) shows a short page with the reason and a way back.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await requireActor(request, "readData");
    const params = new URL(request.url).searchParams;
    const query = parseOrThrow(exportQuerySchema, Object.fromEntries(params));
    const selection = params.has("all") ? { filter: params } : { ids: params.getAll("ids") };
    return await zipDownloadResponse(actor.userId, selection, query, request.signal);
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthenticated") {
      return Response.redirect(new URL("/signin", request.url), 303);
    }
    const envelope = errorResponse(error, { route: "sessions.download" });
    const message = error instanceof AppError ? error.message : "The download could not be prepared. Try again shortly.";
    return downloadErrorPage(envelope.status, message, envelope.headers.get("retry-after"));
  }
}
