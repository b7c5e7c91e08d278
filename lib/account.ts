import "server-only";
import { hashPassword, passwordProblem } from "@/lib/auth/secrets";
import { attemptSignIn, lockMessage } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { AppError, badRequest } from "@/lib/http/errors";
import type { User } from "@/lib/generated/prisma/client";
import { isValidTimeZone } from "@/lib/time";
import type { UnitSystem } from "@/lib/units";
import { DISPLAY_NAME_MAX, normaliseEmail } from "@/lib/users";

/**
 * What a signed-in user changes about their own account (Settings). Every change that needs
 * proof of identity asks for the current password, checked under the same guessing limits as
 * sign-in, so a stolen session cannot be turned into a stolen account by brute force.
 */

async function confirmPassword(user: User, password: string): Promise<void> {
  const result = await attemptSignIn(user.email, password, null);
  if (result.ok && result.user.id === user.id) return;
  if (!result.ok && result.reason === "locked") throw new AppError("rate_limited", lockMessage(result), { field: "currentPassword" });
  throw new AppError("invalid_field", "Current password is wrong.", { field: "currentPassword" });
}

export async function updateDisplayName(userId: number, raw: string): Promise<void> {
  const displayName = raw.trim();
  if (displayName.length > DISPLAY_NAME_MAX) throw badRequest(`Name too long (${DISPLAY_NAME_MAX} characters at most).`, "displayName");
  await db().user.update({ where: { id: userId }, data: { displayName: displayName || null } });
}

/** Changes the sign-in e-mail; false when it is the current one already (nothing to confirm). */
export async function changeEmail(user: User, currentPassword: string, newEmail: string): Promise<boolean> {
  const email = normaliseEmail(newEmail);
  if (email === user.email) return false;
  await confirmPassword(user, currentPassword);
  try {
    await db().user.update({ where: { id: user.id }, data: { email } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", `Another account uses ${email}.`, { field: "email" });
    throw error;
  }
  return true;
}

/**
 * Sets a new password after checking the current one. Every session of the user ends (auth
 * version moves on); the caller signs the current browser in again.
 */
export async function changePassword(user: User, currentPassword: string, newPassword: string): Promise<void> {
  const problem = passwordProblem(newPassword);
  if (problem) throw badRequest(problem, "newPassword");
  await confirmPassword(user, currentPassword);
  if (currentPassword === newPassword) throw badRequest("The new password is the same as the current one.", "newPassword");
  const passwordHash = await hashPassword(newPassword);
  await db().user.update({ where: { id: user.id }, data: { passwordHash, authVersion: { increment: 1 } } });
}

export const UNIT_SYSTEMS: readonly UnitSystem[] = ["metric", "imperial"];

export async function updatePreferences(userId: number, input: { timeZone: string; unitSystem: string }): Promise<void> {
  if (!isValidTimeZone(input.timeZone)) throw badRequest(`Unknown time zone "${input.timeZone}": pick one from the list.`, "timeZone");
  if (!UNIT_SYSTEMS.includes(input.unitSystem as UnitSystem)) throw badRequest("Units must be metric or imperial.", "unitSystem");
  // Stored in Intl's canonical spelling ("europe/berlin" → "Europe/Berlin").
  const timeZone = new Intl.DateTimeFormat("en-US", { timeZone: input.timeZone }).resolvedOptions().timeZone;
  await db().user.update({ where: { id: userId }, data: { timeZone, unitSystem: input.unitSystem } });
}

/** All IANA zone names this server knows, UTC first: the choices of the time-zone select. */
export function timeZoneChoices(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}
