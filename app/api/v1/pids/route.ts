import { apiRoute } from "@/lib/api/route";
import { listPids } from "@/lib/api/v1/devices";
import { listPids as loadPids } from "@/lib/devices";

export const GET = apiRoute(listPids, async ({ actor, query }) => ({ pids: await loadPids(actor.userId, query.device) }));
