"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUserWith } from "@/lib/auth/current-user";
import { AppError } from "@/lib/http/errors";
import { createToken, parseScope, revokeToken } from "@/lib/tokens";

export interface CreateTokenState {
  error: string | null;
  created: { token: string; name: string; scope: string } | null;
}

const createSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name.").max(100, "Name too long (100 characters at most)."),
  scope: z.enum(["upload", "read", "read-write"], "Choose what the token may do."),
});

export async function createTokenAction(_prev: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const { user } = await requireUserWith("manageAccount");
  const parsed = createSchema.safeParse({ name: form.get("name"), scope: form.get("scope") });
  if (!parsed.success) return { error: parsed.error.issues[0].message, created: null };
  try {
    const created = await createToken(user.id, parseScope(parsed.data.scope), parsed.data.name);
    revalidatePath("/settings");
    return { error: null, created: { token: created.token, name: created.name, scope: created.scope } };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, created: null };
    throw error;
  }
}

export async function revokeTokenAction(form: FormData): Promise<void> {
  const { user } = await requireUserWith("manageAccount");
  const id = Number(form.get("id"));
  if (!Number.isInteger(id) || id <= 0) throw new AppError("bad_request", "Not a token id.");
  await revokeToken(id, user.id);
  revalidatePath("/settings");
}
