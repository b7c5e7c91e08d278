import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { AppError, badRequest, notFound } from "@/lib/http/errors";
import { iterateSamples } from "@/lib/samples/read";
import { appendSamples } from "@/lib/samples/write";
import { LIVE_WINDOW_MS, type SessionFilter, type SessionListItem } from "@/lib/sessions/list-model";
import { filterWhere, SESSION_FROM } from "@/lib/sessions/list-sql";
import { getSessionItem, sessionIdsMatching } from "@/lib/sessions/query";
import { refreshSessionSummary } from "@/lib/sessions/summary";

/**
 * Edits on many sessions at once: delete, merge, tag, and the inline rename/notes of one.
 * Everything is scoped by userId; an id that is missing or belongs to someone else is a 404
 * for the whole request (nothing is changed), exactly like a missing one.
 */

/** Which sessions: explicit ids (a selection) or every session matching a filter ("all N matching"). */
export type SessionTarget = { ids: number[] } | { filter: SessionFilter };

export const MAX_IDS = 10_000;
const idsSchema = z
  .array(z.number().int().positive().max(2 ** 31 - 1), { error: "ids must be a list of session ids." })
  .min(1, "Select at least one session.")
  .max(MAX_IDS, `At most ${MAX_IDS} ids at once: select "all matching" instead.`);

export const tagSchema = z
  .string()
  .trim()
  .min(1, "A tag cannot be empty.")
  .max(50, "A tag is at most 50 characters.")
  .refine((t) => !/[\p{Cc},]/u.test(t), "A tag cannot contain commas or control characters.");

function validIds(ids: unknown): number[] {
  const parsed = idsSchema.safeParse(ids);
  if (!parsed.success) throw badRequest(parsed.error.issues[0].message, "ids");
  return [...new Set(parsed.data)];
}

/** The ids, after checking that every one is the user's; else a 404 naming the missing ones. */
async function ownedIds(userId: number, raw: unknown): Promise<number[]> {
  const ids = validIds(raw);
  const found = await db().session.findMany({ where: { userId, id: { in: ids } }, select: { id: true } });
  if (found.length !== ids.length) {
    const have = new Set(found.map((s) => s.id));
    const missing = ids.filter((id) => !have.has(id));
    throw notFound(`Session${missing.length > 1 ? "s" : ""} not found: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? "…" : ""}.`);
  }
  return ids;
}

// Small batches: deleting a session deletes its samples (thousands of rows each) by cascade,
// and one statement must stay well inside the 30 s statement timeout.
const DELETE_BATCH = 50;

/** Deletes the sessions with their samples and notices; returns how many were deleted. */
export async function deleteSessions(userId: number, target: SessionTarget): Promise<number> {
  let deleted = 0;
  const deleteBatch = async (ids: number[]) => {
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      const { count } = await db().session.deleteMany({ where: { userId, id: { in: ids.slice(i, i + DELETE_BATCH) } } });
      deleted += count;
    }
  };
  if ("ids" in target) {
    await deleteBatch(await ownedIds(userId, target.ids));
  } else {
    for await (const batch of sessionIdsMatching(userId, target.filter)) await deleteBatch(batch);
  }
  return deleted;
}

/**
 * Adds or removes a tag; returns how many sessions changed (those that already had, or lacked,
 * the tag are left as they are).
 */
export async function tagSessions(userId: number, target: SessionTarget, action: "add" | "remove", rawTag: string): Promise<number> {
  const parsed = tagSchema.safeParse(rawTag);
  if (!parsed.success) throw badRequest(parsed.error.issues[0].message, "tag");
  const tag = parsed.data;
  const which =
    "ids" in target
      ? Prisma.sql`s.id = ANY(${await ownedIds(userId, target.ids)}::int[])`
      : Prisma.sql`s.id IN (SELECT s.id ${SESSION_FROM} WHERE ${filterWhere(userId, target.filter, new Date(Date.now() - LIVE_WINDOW_MS))})`;
  const has = Prisma.sql`s.tags @> ARRAY[${tag}::text]`;
  const [value, needed] =
    action === "add"
      ? [Prisma.sql`array_append(s.tags, ${tag}::text)`, Prisma.sql`NOT ${has}`]
      : [Prisma.sql`array_remove(s.tags, ${tag}::text)`, has];
  return db().$executeRaw`UPDATE sessions s SET tags = ${value} WHERE s.user_id = ${userId}::int AND ${which} AND ${needed}`;
}

export const patchSchema = z.object({
  name: z.string().trim().max(200, "A name is at most 200 characters.").nullable().optional(),
  notes: z.string().trim().max(10_000, "Notes are at most 10,000 characters.").nullable().optional(),
  tags: z.array(tagSchema).max(50, "At most 50 tags.").optional(),
});
export type SessionPatch = z.input<typeof patchSchema>;

/** Renames a session, sets its notes or tags (inline edits); "" clears a name or notes. */
export async function updateSession(userId: number, id: number, patch: SessionPatch): Promise<SessionListItem> {
  const parsed = patchSchema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(issue.message, typeof issue.path[0] === "string" ? issue.path[0] : undefined);
  }
  const { name, notes, tags } = parsed.data;
  const data: Prisma.SessionUpdateManyMutationInput = {};
  if (name !== undefined) data.name = name || null;
  if (notes !== undefined) data.notes = notes || null;
  if (tags !== undefined) data.tags = [...new Set(tags)];
  const { count } = await db().session.updateMany({ where: { id: validIds([id])[0], userId }, data });
  const item = count === 1 ? await getSessionItem(userId, id) : null;
  if (!item) throw notFound("Session not found.");
  return item;
}

/**
 * Merges adjacent sessions of one device into the earliest: its samples and notices move over,
 * then the others are deleted and the summary is recomputed. Every step can be repeated (sample
 * writes merge, notices are unique), so an interrupted merge finishes by merging again.
 */
export async function mergeSessions(userId: number, rawIds: number[]): Promise<{ id: number; merged: number }> {
  const ids = await ownedIds(userId, rawIds);
  if (ids.length < 2) throw badRequest("Select at least two sessions to merge.", "ids");
  if (ids.length > 500) throw badRequest("At most 500 sessions can be merged at once.", "ids");
  const sessions = await db().session.findMany({
    where: { userId, id: { in: ids } },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    include: { device: { select: { nickname: true, torqueId: true } } },
  });
  const devices = new Set(sessions.map((s) => s.deviceId));
  if (devices.size > 1) {
    const labels = [...new Map(sessions.map((s) => [s.deviceId, s.device.nickname ?? s.device.torqueId.slice(0, 8)])).values()];
    throw badRequest(`Only sessions of one device can be merged; these come from ${devices.size} devices (${labels.join(", ")}).`, "ids");
  }
  const [target, ...others] = sessions;
  const last = sessions[sessions.length - 1];
  const between = await db().session.findFirst({
    where: { userId, deviceId: target.deviceId, id: { notIn: ids }, startedAt: { gte: target.startedAt, lte: last.startedAt } },
    select: { id: true, startedAt: true },
  });
  if (between) {
    throw badRequest(`Session ${between.id} (started ${between.startedAt.toISOString()}) lies between the selected ones: select it too, or merge only neighbours.`, "ids");
  }
  const live = sessions.find((s) => Date.now() - s.lastUploadAt.getTime() < LIVE_WINDOW_MS);
  if (live) throw new AppError("conflict", `Session ${live.id} is still receiving data: merge it once the trip has ended.`, { field: "ids" });

  for (const other of others) {
    for await (const batch of iterateSamples(other.id)) await appendSamples(target.id, batch.keys, batch.rows);
    await db().$executeRaw`
      INSERT INTO notices (session_id, time, text, notice_class)
      SELECT ${target.id}::int, time, text, notice_class FROM notices WHERE session_id = ${other.id}::int
      ON CONFLICT DO NOTHING`;
  }
  const notes = sessions.map((s) => s.notes).filter((n): n is string => Boolean(n));
  await db().session.update({
    where: { id: target.id },
    data: {
      name: target.name ?? others.find((s) => s.name)?.name ?? null,
      notes: notes.length > 0 ? notes.join("\n\n") : null,
      tags: [...new Set(sessions.flatMap((s) => s.tags))],
      profileId: target.profileId ?? others.find((s) => s.profileId !== null)?.profileId ?? null,
      lastUploadAt: new Date(Math.max(...sessions.map((s) => s.lastUploadAt.getTime()))),
    },
  });
  await db().session.deleteMany({ where: { userId, id: { in: others.map((s) => s.id) } } });
  await refreshSessionSummary(target.id);
  return { id: target.id, merged: others.length };
}
