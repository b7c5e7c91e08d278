"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUserWith } from "@/lib/auth/current-user";
import { AppError, badRequest } from "@/lib/http/errors";
import { deleteSessions, mergeSessions, tagSessions, updateSession, type SessionTarget } from "@/lib/sessions/bulk";
import { parseSessionFilter, type SessionListItem } from "@/lib/sessions/query";
import { viewerTimeZone } from "@/lib/viewer-time-zone";

/**
 * The session browser's edits. Expected failures (bad input, foreign ids, merge refused) come
 * back as a message to show; Next would hide a thrown error's text in production.
 */
export type ActionResult = { ok: true; message: string } | { ok: false; error: string };

/** A selection from the browser: ids, or the filter's URL parameters for "all N matching". */
export type SelectionInput = { ids: number[] } | { filter: Record<string, string> };

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

async function run(fn: (userId: number, timeZone: string) => Promise<string>): Promise<ActionResult> {
  const { user } = await requireUserWith("writeData");
  try {
    const message = await fn(user.id, await viewerTimeZone(user));
    revalidatePath("/");
    return { ok: true, message };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

// Server actions are public endpoints: the shape is checked here, the values by lib/sessions.
const selectionSchema = z.union([z.object({ ids: z.array(z.number()) }), z.object({ filter: z.record(z.string(), z.string()) })]);

function target(selection: SelectionInput, timeZone: string): SessionTarget {
  const parsed = selectionSchema.safeParse(selection);
  if (!parsed.success) throw badRequest("Select sessions first.", "ids");
  if ("ids" in parsed.data) return { ids: parsed.data.ids };
  return { filter: parseSessionFilter(parsed.data.filter, { timeZone }) };
}

export async function deleteSessionsAction(selection: SelectionInput): Promise<ActionResult> {
  return run(async (userId, timeZone) => `Deleted ${plural(await deleteSessions(userId, target(selection, timeZone)), "session")}.`);
}

export async function mergeSessionsAction(ids: number[]): Promise<ActionResult> {
  return run(async (userId) => {
    const { merged } = await mergeSessions(userId, ids);
    return `Merged ${plural(merged + 1, "session")} into one.`;
  });
}

export async function tagSessionsAction(selection: SelectionInput, action: "add" | "remove", tag: string): Promise<ActionResult> {
  return run(async (userId, timeZone) => {
    const changed = await tagSessions(userId, target(selection, timeZone), action === "remove" ? "remove" : "add", tag);
    const label = tag.trim();
    return action === "remove" ? `Removed “${label}” from ${plural(changed, "session")}.` : `Tagged ${plural(changed, "session")} “${label}”.`;
  });
}

export type UpdateResult = { ok: true; item: SessionListItem } | { ok: false; error: string };

export async function updateSessionAction(id: number, patch: { name?: string; notes?: string }): Promise<UpdateResult> {
  const { user } = await requireUserWith("writeData");
  try {
    const item = await updateSession(user.id, id, { name: patch.name, notes: patch.notes });
    revalidatePath("/");
    return { ok: true, item };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
