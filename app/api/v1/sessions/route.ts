import { apiRoute } from "@/lib/api/route";
import { listSessionsOp } from "@/lib/api/v1/session-writes";
import { db } from "@/lib/db/client";
import { listSessions, parseSessionListQuery } from "@/lib/sessions/query";

export const GET = apiRoute(listSessionsOp, async ({ request, actor }) => {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { timeZone: true } });
  const query = parseSessionListQuery(new URL(request.url).searchParams, { timeZone: user.timeZone ?? "UTC" });
  return listSessions(actor.userId, query);
});
