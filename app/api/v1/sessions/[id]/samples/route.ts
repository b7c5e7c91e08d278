import { apiRoute } from "@/lib/api/route";
import { sessionSamples } from "@/lib/api/v1/session-samples";
import { getSessionSamples } from "@/lib/api/v1/sessions";

export const GET = apiRoute(getSessionSamples, ({ request, actor, params, query }) => sessionSamples(actor.userId, params.id, query, request));
