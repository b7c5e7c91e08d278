"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/actions/auth";

function localTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function SignInForm({ initialError }: { initialError: string | null }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { error: initialError });
  return (
    <form action={action}>
      <label htmlFor="email">E-mail</label>
      <input id="email" name="email" type="email" autoComplete="username" required style={{ width: "100%" }} />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required style={{ width: "100%" }} />
      {state.error ? (
        <p role="alert" className="error">
          {state.error}
          {state.retryAt ? ` Locked until ${localTime(state.retryAt)}.` : null}
        </p>
      ) : null}
      <p>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </p>
    </form>
  );
}
