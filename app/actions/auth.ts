"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signIn, signOut, SignInLocked } from "@/lib/auth/auth";
import { requireUserWith } from "@/lib/auth/current-user";
import { lockMessage } from "@/lib/auth/sign-in";
import { signOutEverywhere } from "@/lib/users";
import { isDatabaseUnavailable } from "@/lib/http/errors";

export interface SignInState {
  error: string | null;
  /** When a lock ends (ISO), so the form can say the local time to come back. */
  retryAt?: string | null;
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  try {
    await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirectTo: "/",
    });
    return { error: null };
  } catch (error) {
    // signIn throws a redirect on success: only AuthErrors are failures.
    if (error instanceof SignInLocked) return { error: lockMessage(error), retryAt: error.until.toISOString() };
    if (error instanceof AuthError) {
      if (error.type === "CredentialsSignin") return { error: "Wrong e-mail or password." };
      // next-auth wraps what authorize() threw as cause.err.
      if (isDatabaseUnavailable(error) || isDatabaseUnavailable((error.cause as { err?: unknown } | undefined)?.err)) {
        return { error: "The database is unreachable, so nobody can sign in right now. Try again in a minute." };
      }
      return { error: "Sign-in failed. Try again." };
    }
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}

/** Ends every sign-in session of the user, this one included (Settings → Security). */
export async function signOutEverywhereAction(): Promise<void> {
  const { user } = await requireUserWith("manageAccount");
  await signOutEverywhere(user.id);
  await signOut({ redirect: false });
  redirect("/signin?signedOut=everywhere");
}
