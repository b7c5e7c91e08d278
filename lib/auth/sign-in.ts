import "server-only";
import { releaseAttempt, reserveAttempt, type Lock } from "@/lib/auth/sign-in-limits";
import type { User } from "@/lib/generated/prisma/client";
import { checkCredentials } from "@/lib/users";

export type SignInResult = { ok: true; user: User } | { ok: false; reason: "invalid" } | ({ ok: false; reason: "locked" } & Lock);

/**
 * One password check under the guessing limits (lib/auth/sign-in-limits.ts): sign-in from
 * `address`, or (address null) a signed-in user confirming their password in Settings, which
 * counts against the account only. A locked attempt never reaches the password check.
 */
export async function attemptSignIn(email: string, password: string, address: string | null): Promise<SignInResult> {
  const reservation = await reserveAttempt(email, address);
  if (reservation.lock) return { ok: false, reason: "locked", ...reservation.lock };
  const user = await checkCredentials(email, password);
  if (!user) return { ok: false, reason: "invalid" };
  await releaseAttempt(reservation);
  return { ok: true, user };
}

/** A human sentence for a lock, for forms. */
export function lockMessage(lock: Lock, now = Date.now()): string {
  const minutes = Math.max(1, Math.ceil((lock.until.getTime() - now) / 60_000));
  const who = lock.scope === "account" ? "for this account" : "from your network";
  return `Too many failed sign-ins ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
