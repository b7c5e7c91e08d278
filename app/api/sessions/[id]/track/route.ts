import { z } from "zod";
import { requireActor } from "@/lib/auth/actor";
import { parseId, parseQuery } from "@/lib/http/query";
import { handle, json } from "@/lib/http/respond";
import { PID_KEY_PATTERN } from "@/lib/pids/pid-key";
import { epochMs } from "@/lib/sessions/series-query";
import { MAX_TRACK_POINTS, trackData } from "@/lib/sessions/track-data";

export const dynamic = "force-dynamic";

const query = z.object({
  color: z.string().regex(PID_KEY_PATTERN, "not a PID key").optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  points: z.coerce.number().int().min(2).max(MAX_TRACK_POINTS).default(2000),
});

type Context = { params: Promise<{ id: string }> };

/** The GPS track of a session, coloured by a PID (speed by default); see lib/sessions/track-data.ts. */
export const GET = handle("session track", async (request: Request, context: Context) => {
  const actor = await requireActor(request, "readData");
  const id = parseId((await context.params).id);
  const q = parseQuery(query, request.url);
  const payload = await trackData(actor.userId, id, { colorPid: q.color, fromMs: q.from, toMs: q.to, points: q.points, compact: true });
  return json(payload, { headers: { "cache-control": "private, no-store" } });
});
