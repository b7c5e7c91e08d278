"use server";

import { revalidatePath } from "next/cache";
import { changeEmail, changePassword, updateDisplayName, updatePreferences } from "@/lib/account";
import { signIn } from "@/lib/auth/auth";
import { requireUserWith } from "@/lib/auth/current-user";
import { badRequest } from "@/lib/http/errors";
import { field, formResult, type FormState } from "@/lib/http/form-state";

export async function updateProfileAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUserWith("manageAccount");
  return formResult(async () => {
    await updateDisplayName(user.id, field(form, "displayName"));
    revalidatePath("/", "layout");
    return "Name saved.";
  });
}

export async function changeEmailAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUserWith("manageAccount");
  return formResult(async () => {
    if (!(await changeEmail(user, field(form, "currentPassword"), field(form, "email")))) return "That is your e-mail address already.";
    revalidatePath("/", "layout");
    return "E-mail changed: sign in with the new address from now on.";
  });
}

export async function changePasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUserWith("manageAccount");
  const next = field(form, "newPassword");
  const result = await formResult(async () => {
    if (next !== field(form, "confirmPassword")) throw badRequest("The two new passwords differ.", "confirmPassword");
    await changePassword(user, field(form, "currentPassword"), next);
    return "Password changed. Every other device and browser is signed out.";
  });
  // The change ended every session, this one too: sign this browser in again with the new password.
  if (result.ok) await signIn("credentials", { email: user.email, password: next, redirect: false });
  return result;
}

export async function updatePreferencesAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUserWith("manageAccount");
  return formResult(async () => {
    await updatePreferences(user.id, { timeZone: field(form, "timeZone"), unitSystem: field(form, "unitSystem") });
    revalidatePath("/", "layout");
    return "Preferences saved.";
  });
}
