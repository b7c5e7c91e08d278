import { AppError } from "@/lib/http/errors";

/** What a server action behind a form returns: a sentence for the user, and the field at fault. */
export interface FormState {
  ok: boolean;
  message: string | null;
  field?: string;
}

export const IDLE: FormState = { ok: false, message: null };

/**
 * Runs a form's work and turns expected failures (AppError) into a message for the form.
 * Anything else is rethrown: Next's redirect()/notFound() must pass through, and real bugs
 * belong in the error boundary and the log, not in a form.
 */
export async function formResult(work: () => Promise<string>): Promise<FormState> {
  try {
    return { ok: true, message: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, field: error.details.field };
    throw error;
  }
}

/** A form field as a string ("" when missing or a file). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
