import { apiRoute } from "@/lib/api/route";
import { deleteSessionOp, patchSessionOp } from "@/lib/api/v1/session-writes";
import { getSession } from "@/lib/api/v1/sessions";
import { deleteSessions, updateSession } from "@/lib/sessions/bulk";
import { sessionDetail } from "@/lib/sessions/detail";

export const GET = apiRoute(getSession, async ({ actor, params }) => sessionDetail(actor.userId, params.id));

export const PATCH = apiRoute(patchSessionOp, async ({ actor, params, body }) => updateSession(actor.userId, params.id, body));

export const DELETE = apiRoute(deleteSessionOp, async ({ actor, params }) => ({ deleted: await deleteSessions(actor.userId, { ids: [params.id] }) }));
