"use client";

import { useActionState, useEffect, useState } from "react";
import { setupAction } from "@/app/actions/setup";
import type { FormState } from "@/lib/http/form-state";

export function SetupForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(setupAction, { ok: false, message: null });
  // The admin's time zone defaults to the browser's (known only after hydration).
  const [zone, setZone] = useState("");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? ""), []);
  return (
    <form action={action}>
      <label htmlFor="setup-email">E-mail</label>
      <input id="setup-email" name="email" type="email" autoComplete="username" required maxLength={254} style={{ width: "100%" }} />
      <label htmlFor="setup-name">Display name (optional)</label>
      <input id="setup-name" name="displayName" autoComplete="name" maxLength={100} style={{ width: "100%" }} />
      <label htmlFor="setup-password">Password</label>
      <input id="setup-password" name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={200} style={{ width: "100%" }} />
      <label htmlFor="setup-confirm">Password again</label>
      <input id="setup-confirm" name="confirmPassword" type="password" autoComplete="new-password" required minLength={10} maxLength={200} style={{ width: "100%" }} />
      <input type="hidden" name="timeZone" value={zone} />
      {state.message && !state.ok ? (
        <p role="alert" className="error">
          {state.message}
        </p>
      ) : null}
      <p>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Creating…" : "Create admin account"}
        </button>
      </p>
    </form>
  );
}
