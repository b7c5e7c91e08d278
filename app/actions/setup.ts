"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { badRequest } from "@/lib/http/errors";
import { field, formResult, type FormState } from "@/lib/http/form-state";
import { isValidTimeZone } from "@/lib/time";
import { createUser } from "@/lib/users";

/**
 * Creates the first admin of a fresh instance. Not behind sign-in by nature; safe because
 * createUser({ onlyIfNoUsers }) refuses, under a lock, as soon as any user exists.
 */
export async function setupAction(_previous: FormState, form: FormData): Promise<FormState> {
  const email = field(form, "email");
  const password = field(form, "password");
  const zone = field(form, "timeZone");
  const result = await formResult(async () => {
    if (password !== field(form, "confirmPassword")) throw badRequest("The two passwords differ.", "confirmPassword");
    await createUser(
      { email, password, role: "admin", displayName: field(form, "displayName"), timeZone: isValidTimeZone(zone) ? zone : null },
      { onlyIfNoUsers: true },
    );
    return "Created.";
  });
  if (!result.ok) return result;
  await signIn("credentials", { email, password, redirect: false });
  redirect("/settings#upload-tokens");
}
