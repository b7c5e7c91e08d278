import { apiRoute } from "@/lib/api/route";
import { getSession } from "@/lib/api/v1/sessions";
import { sessionDetail } from "@/lib/sessions/detail";

export const GET = apiRoute(getSession, async ({ actor, params }) => sessionDetail(actor.userId, params.id));
