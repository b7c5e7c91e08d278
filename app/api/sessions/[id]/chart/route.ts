import { z } from "zod";
import { requireActor } from "@/lib/auth/actor";
import { badRequest } from "@/lib/http/errors";
import { parseId, parseQuery } from "@/lib/http/query";
import { handle, json } from "@/lib/http/respond";
import { chartData, MAX_CHART_PIDS, MAX_CHART_POINTS } from "@/lib/sessions/chart-data";
import { epochMs, pidList } from "@/lib/sessions/series-query";

export const dynamic = "force-dynamic";

const query = z.object({
  pids: pidList(MAX_CHART_PIDS).default([]),
  from: epochMs.optional(),
  to: epochMs.optional(),
  points: z.coerce.number().int().min(2).max(MAX_CHART_POINTS).default(1000),
});

type Context = { params: Promise<{ id: string }> };

/** Chart series of a session, downsampled to ~points points (see lib/sessions/chart-data.ts). */
export const GET = handle("session chart", async (request: Request, context: Context) => {
  const actor = await requireActor(request, "readData");
  const id = parseId((await context.params).id);
  const q = parseQuery(query, request.url);
  if (q.from !== undefined && q.to !== undefined && q.to < q.from) throw badRequest("to is before from.", "to");
  // Seven significant digits: what a chart can show, and what Torque's float32 values hold.
  const payload = await chartData(actor.userId, id, { pids: q.pids, fromMs: q.from, toMs: q.to, points: q.points, significantDigits: 7 });
  return json(payload, { headers: { "cache-control": "private, no-store" } });
});
