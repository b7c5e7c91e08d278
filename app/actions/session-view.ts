"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUserWith } from "@/lib/auth/current-user";
import { AppError } from "@/lib/http/errors";
import { PID_KEY_PATTERN } from "@/lib/pids/pid-key";
import { setFavouritePid, setPidDisplayUnit } from "@/lib/pids/preferences";
import { deleteSession, MAX_NAME, MAX_NOTES, renameSession, setSessionNotes, splitSession, trimSession } from "@/lib/sessions/edit";
import { epochMs } from "@/lib/sessions/series-query";

/** Result shown next to an edit form. */
export interface EditState {
  error: string | null;
  message: string | null;
  /** After a split: the new session, to link to. */
  newSessionId?: number;
}

const sessionId = z.coerce.number().int().positive();
const optionalMs = z.preprocess((v) => (v === "" || v === null ? undefined : v), epochMs.optional());

function failed(error: unknown): EditState {
  if (error instanceof AppError) return { error: error.message, message: null };
  throw error;
}

function refresh(id: number): void {
  revalidatePath(`/sessions/${id}`);
  revalidatePath("/");
}

function field(form: FormData, name: string): string | null {
  const v = form.get(name);
  return typeof v === "string" ? v : null;
}

export async function renameSessionAction(_prev: EditState, form: FormData): Promise<EditState> {
  const { user } = await requireUserWith("writeData");
  const parsed = z
    .object({ id: sessionId, name: z.string().max(MAX_NAME, `Name too long (${MAX_NAME} characters at most).`) })
    .safeParse({ id: field(form, "id"), name: field(form, "name") ?? "" });
  if (!parsed.success) return { error: parsed.error.issues[0].message, message: null };
  try {
    await renameSession(user.id, parsed.data.id, parsed.data.name);
  } catch (error) {
    return failed(error);
  }
  refresh(parsed.data.id);
  return { error: null, message: parsed.data.name.trim() ? "Name saved." : "Name removed." };
}

export async function saveNotesAction(_prev: EditState, form: FormData): Promise<EditState> {
  const { user } = await requireUserWith("writeData");
  const parsed = z
    .object({ id: sessionId, notes: z.string().max(MAX_NOTES, `Notes too long (${MAX_NOTES} characters at most).`) })
    .safeParse({ id: field(form, "id"), notes: field(form, "notes") ?? "" });
  if (!parsed.success) return { error: parsed.error.issues[0].message, message: null };
  try {
    await setSessionNotes(user.id, parsed.data.id, parsed.data.notes);
  } catch (error) {
    return failed(error);
  }
  refresh(parsed.data.id);
  return { error: null, message: "Notes saved." };
}

export async function trimSessionAction(_prev: EditState, form: FormData): Promise<EditState> {
  const { user } = await requireUserWith("writeData");
  const parsed = z
    .object({ id: sessionId, start: optionalMs, end: optionalMs })
    .safeParse({ id: field(form, "id"), start: field(form, "start"), end: field(form, "end") });
  if (!parsed.success) return { error: "Enter a valid start and end time.", message: null };
  try {
    const result = await trimSession(user.id, parsed.data.id, { startMs: parsed.data.start, endMs: parsed.data.end });
    refresh(parsed.data.id);
    return { error: null, message: `Trimmed: ${result.deleted} samples deleted, ${result.remaining} kept.` };
  } catch (error) {
    return failed(error);
  }
}

export async function splitSessionAction(_prev: EditState, form: FormData): Promise<EditState> {
  const { user } = await requireUserWith("writeData");
  const parsed = z.object({ id: sessionId, at: epochMs }).safeParse({ id: field(form, "id"), at: field(form, "at") });
  if (!parsed.success) return { error: "Enter a valid split time.", message: null };
  try {
    const result = await splitSession(user.id, parsed.data.id, parsed.data.at);
    refresh(parsed.data.id);
    return { error: null, message: `Split: ${result.moved} samples moved to a new session.`, newSessionId: result.newSessionId };
  } catch (error) {
    return failed(error);
  }
}

export async function deleteSessionAction(_prev: EditState, form: FormData): Promise<EditState> {
  const { user } = await requireUserWith("writeData");
  const parsed = sessionId.safeParse(field(form, "id"));
  if (!parsed.success) return { error: "Not a session.", message: null };
  try {
    await deleteSession(user.id, parsed.data);
  } catch (error) {
    return failed(error);
  }
  revalidatePath("/");
  redirect("/");
}

const pidKey = z.string().regex(PID_KEY_PATTERN);

/** Favourite PIDs are offered first in the picker and charted by default. */
export async function setFavouritePidAction(key: string, favourite: boolean): Promise<void> {
  const { user } = await requireUserWith("manageAccount");
  await setFavouritePid(user.id, pidKey.parse(key), favourite);
}

/** A PID's display unit for this user (null: back to the phone's unit). */
export async function setPidUnitAction(key: string, unit: string | null): Promise<void> {
  const { user } = await requireUserWith("manageAccount");
  await setPidDisplayUnit(user.id, pidKey.parse(key), unit === null ? null : z.string().min(1).max(20).parse(unit));
}
