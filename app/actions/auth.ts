"use server";

import { AuthError } from "next-auth";
import { signIn, signOut } from "@/lib/auth/auth";

export interface SignInState {
  error: string | null;
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
    if (error instanceof AuthError) {
      return { error: error.type === "CredentialsSignin" ? "Wrong e-mail or password." : "Sign-in failed. Try again." };
    }
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
