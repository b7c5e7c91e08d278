"use client";

import { useActionState, type ReactNode } from "react";
import type { FormState } from "@/lib/http/form-state";

/**
 * A form bound to a server action returning FormState: shows the outcome next to the button
 * (role=status for success, role=alert for errors, so screen readers announce it).
 */
export function ActionForm({
  action,
  submitLabel,
  pendingLabel = "Saving…",
  danger = false,
  label,
  children,
}: {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  submitLabel: string;
  pendingLabel?: string;
  danger?: boolean;
  /** Accessible name of the form, when the page has several alike. */
  label?: string;
  children?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, { ok: false, message: null });
  return (
    <form action={formAction} aria-label={label} className="stack-form">
      {children}
      <div className="form-actions">
        <button type="submit" className={danger ? "danger" : "primary"} disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        {state.message ? (
          state.ok ? (
            <span role="status" className="ok">
              {state.message}
            </span>
          ) : (
            <span role="alert" className="error">
              {state.message}
            </span>
          )
        ) : null}
      </div>
    </form>
  );
}
