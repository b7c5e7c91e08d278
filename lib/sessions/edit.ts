import "server-only";
import { db } from "@/lib/db/client";
import { AppError, badRequest, notFound } from "@/lib/http/errors";
import { sampleExtent } from "@/lib/samples/count";
import { deleteSamples } from "@/lib/samples/delete";
import { iterateSamples } from "@/lib/samples/read";
import { appendSamples } from "@/lib/samples/write";
import { refreshSessionSummary } from "@/lib/sessions/summary";

/**
 * Edits of one session from its page (or the API): each is scoped to the owner (a foreign id
 * is "not found") and ends with the stored summary recomputed, so lists stay right.
 */
export const MAX_NAME = 200;
export const MAX_NOTES = 10_000;

async function owned(userId: number, sessionId: number) {
  const session = await db().session.findFirst({ where: { id: sessionId, userId } });
  if (!session) throw notFound("No such session.");
  return session;
}

export async function renameSession(userId: number, sessionId: number, name: string | null): Promise<void> {
  await owned(userId, sessionId);
  const value = name?.trim() || null;
  if (value && value.length > MAX_NAME) throw badRequest(`Name too long (${MAX_NAME} characters at most).`, "name");
  await db().session.update({ where: { id: sessionId }, data: { name: value } });
}

export async function setSessionNotes(userId: number, sessionId: number, notes: string | null): Promise<void> {
  await owned(userId, sessionId);
  const value = notes?.trim() || null;
  if (value && value.length > MAX_NOTES) throw badRequest(`Notes too long (${MAX_NOTES} characters at most).`, "notes");
  await db().session.update({ where: { id: sessionId }, data: { notes: value } });
}

export interface TrimResult {
  deleted: number;
  remaining: number;
}

/** Deletes the samples before `startMs` and after `endMs` (either may be omitted). */
export async function trimSession(userId: number, sessionId: number, range: { startMs?: number; endMs?: number }): Promise<TrimResult> {
  await owned(userId, sessionId);
  const { startMs, endMs } = range;
  if (startMs === undefined && endMs === undefined) throw badRequest("Give a new start or end.");
  if (startMs !== undefined && endMs !== undefined && endMs < startMs) throw badRequest("The end is before the start.", "end");
  return db().$transaction(
    async (tx) => {
      // Same lock as uploads and appendSamples: no sample lands half-way through the trim.
      await tx.$queryRaw`SELECT id FROM sessions WHERE id = ${sessionId} FOR UPDATE`;
      const kept = await sampleExtent(sessionId, { fromMs: startMs, toMs: endMs }, tx);
      if (kept.count === 0) throw badRequest("Nothing would be left: the range holds no samples. Delete the session instead.");
      const deleted = await deleteSamples(sessionId, { before: startMs, after: endMs }, tx);
      if (startMs !== undefined && kept.firstMs !== null) {
        // The trip now starts at its first remaining sample (duration is measured from here).
        await tx.session.update({ where: { id: sessionId }, data: { startedAt: new Date(kept.firstMs) } });
        await tx.notice.deleteMany({ where: { sessionId, time: { lt: new Date(startMs) } } });
      }
      if (endMs !== undefined) await tx.notice.deleteMany({ where: { sessionId, time: { gt: new Date(endMs) } } });
      await refreshSessionSummary(sessionId, tx);
      return { deleted, remaining: kept.count };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

export interface SplitResult {
  newSessionId: number;
  moved: number;
}

/**
 * Splits at `atMs`: samples from that instant on move to a new session of the same device
 * (Torque session = the split time). Copy first, then delete: an interruption leaves the
 * later samples in both sessions, never in neither.
 */
export async function splitSession(userId: number, sessionId: number, atMs: number): Promise<SplitResult> {
  const session = await owned(userId, sessionId);
  const [before, after] = await Promise.all([sampleExtent(sessionId, { toMs: atMs - 1 }), sampleExtent(sessionId, { fromMs: atMs })]);
  if (before.count === 0 || after.count === 0) throw badRequest("Split inside the session: both parts need samples.", "at");

  // (device, Torque session) is unique; step past an existing trip that started that very ms.
  let torqueSession = BigInt(atMs);
  while (await db().session.findUnique({ where: { deviceId_torqueSession: { deviceId: session.deviceId, torqueSession } } })) {
    torqueSession += BigInt(1);
  }
  const created = await db().session.create({
    data: {
      userId,
      deviceId: session.deviceId,
      profileId: session.profileId,
      torqueSession,
      startedAt: new Date(atMs),
      lastUploadAt: session.lastUploadAt,
      name: session.name ? `${session.name} (part 2)`.slice(0, MAX_NAME) : null,
      tags: session.tags,
    },
  });

  let moved = 0;
  let lastCopied = atMs;
  for await (const batch of iterateSamples(sessionId, { fromMs: atMs })) {
    await appendSamples(created.id, batch.keys, batch.rows);
    moved += batch.rows.length;
    lastCopied = batch.rows[batch.rows.length - 1].time;
  }
  await db().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM sessions WHERE id = ${sessionId} FOR UPDATE`;
      // Only what was copied: a sample uploaded meanwhile after `lastCopied` stays where it is.
      await deleteSamples(sessionId, { between: { fromMs: atMs, toMs: lastCopied } }, tx);
      await tx.notice.updateMany({ where: { sessionId, time: { gte: new Date(atMs) } }, data: { sessionId: created.id } });
      await refreshSessionSummary(sessionId, tx);
      await refreshSessionSummary(created.id, tx);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { newSessionId: created.id, moved };
}

export async function deleteSession(userId: number, sessionId: number): Promise<void> {
  await owned(userId, sessionId);
  const { count } = await db().session.deleteMany({ where: { id: sessionId, userId } });
  if (count === 0) throw new AppError("not_found", "No such session.");
}
