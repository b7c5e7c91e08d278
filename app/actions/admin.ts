"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUserWith } from "@/lib/auth/current-user";
import { badRequest } from "@/lib/http/errors";
import { field, formResult, type FormState } from "@/lib/http/form-state";
import { createUser, deleteUser, setPassword, setRole } from "@/lib/users";

const roleSchema = z.enum(["admin", "user"], "Role must be admin or user.");

function userId(form: FormData): number {
  const id = Number(field(form, "id"));
  if (!Number.isInteger(id) || id <= 0) throw badRequest("Not a user id.");
  return id;
}

function role(form: FormData) {
  const parsed = roleSchema.safeParse(field(form, "role"));
  if (!parsed.success) throw badRequest(parsed.error.issues[0].message, "role");
  return parsed.data;
}

export async function createUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  await requireUserWith("administer");
  return formResult(async () => {
    const user = await createUser({
      email: field(form, "email"),
      password: field(form, "password"),
      displayName: field(form, "displayName"),
      role: role(form),
    });
    revalidatePath("/admin/users");
    return `Created ${user.role} ${user.email}. Give them the password; they can change it in Settings.`;
  });
}

export async function setRoleAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUserWith("administer");
  return formResult(async () => {
    const changed = await setRole(user.id, userId(form), role(form));
    revalidatePath("/admin/users");
    return `${changed.email} is now ${changed.role === "admin" ? "an admin" : "a user"}.`;
  });
}

export async function resetPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  await requireUserWith("administer");
  return formResult(async () => {
    const changed = await setPassword(userId(form), field(form, "password"));
    return `New password set for ${changed.email}; they are signed out everywhere.`;
  });
}

export async function deleteUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUserWith("administer");
  return formResult(async () => {
    if (field(form, "confirm") !== "on") throw badRequest("Tick the box to confirm.", "confirm");
    await deleteUser(user.id, userId(form));
    revalidatePath("/admin/users");
    return "User deleted with all their data.";
  });
}
