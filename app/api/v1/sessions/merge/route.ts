import { apiRoute } from "@/lib/api/route";
import { mergeSessionsOp } from "@/lib/api/v1/session-writes";
import { mergeSessions } from "@/lib/sessions/bulk";

export const POST = apiRoute(mergeSessionsOp, async ({ actor, body }) => mergeSessions(actor.userId, body.sessionIds));
