import { apiRoute } from "@/lib/api/route";
import { createExportOp } from "@/lib/api/v1/session-writes";
import { zipDownloadResponse } from "@/lib/export/responses";
import { filterFromJson } from "@/lib/export/selection";

export const POST = apiRoute(createExportOp, async ({ request, actor, body }) => {
  const selection = body.filter !== undefined ? { filter: filterFromJson(body.filter) } : { ids: body.sessionIds ?? [] };
  return zipDownloadResponse(actor.userId, selection, body, request.signal);
});
