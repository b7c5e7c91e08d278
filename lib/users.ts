import "server-only";
import { z } from "zod";
import { clearAccountLock } from "@/lib/auth/sign-in-limits";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { AppError, badRequest, notFound } from "@/lib/http/errors";
import type { Prisma, Role, User } from "@/lib/generated/prisma/client";

export const emailSchema = z.email("Not a valid e-mail address.").max(254).transform((e) => e.trim().toLowerCase());

export function normaliseEmail(raw: string): string {
  const parsed = emailSchema.safeParse(raw.trim());
  if (!parsed.success) throw badRequest(`"${raw}" is not a valid e-mail address.`, "email");
  return parsed.data;
}

export const DISPLAY_NAME_MAX = 100;

export function displayNameOf(user: Pick<User, "displayName" | "email">): string {
  return user.displayName?.trim() || user.email;
}

// Serialises everything that asks "how many users / admins are there?" before writing, so two
// concurrent set-ups cannot both create "the first admin" and the last admin cannot be removed
// by two concurrent demotions. Any constant works; this one spells "TLSU".
const USERS_LOCK = 0x544c5355;

async function withUsersLock<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  // Generous timeouts: waiting on the lock behind another admin operation is not an error.
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK})`;
      return fn(tx);
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

function conflictOnDuplicateEmail(error: unknown, email: string): never {
  if ((error as { code?: string }).code === "P2002") {
    throw new AppError("conflict", `A user with e-mail ${email} already exists.`, { field: "email" });
  }
  throw error;
}

const SET_UP_ALREADY = "This instance is already set up: sign in instead.";

export interface NewUser {
  email: string;
  password: string;
  role?: Role;
  displayName?: string | null;
  timeZone?: string | null;
}

/**
 * Creates a user. The very first user of an instance becomes its admin. With `onlyIfNoUsers`
 * (the one-time set-up page) it refuses once any user exists, race-free.
 */
export async function createUser(input: NewUser, options: { onlyIfNoUsers?: boolean } = {}): Promise<User> {
  const email = normaliseEmail(input.email);
  const problem = passwordProblem(input.password);
  if (problem) throw badRequest(problem, "password");
  const displayName = input.displayName?.trim() || null;
  if (displayName && displayName.length > DISPLAY_NAME_MAX) throw badRequest(`Name too long (${DISPLAY_NAME_MAX} characters at most).`, "displayName");
  // Cheap refusal first: the set-up action is reachable without signing in, and a hash costs ~0.1 s.
  if (options.onlyIfNoUsers && (await db().user.count()) > 0) throw new AppError("conflict", SET_UP_ALREADY);
  // Hashing is done before taking the lock, which is then held for a few quick queries only.
  const passwordHash = await hashPassword(input.password);
  return withUsersLock(async (tx) => {
    const count = await tx.user.count();
    if (options.onlyIfNoUsers && count > 0) throw new AppError("conflict", SET_UP_ALREADY);
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) throw new AppError("conflict", `A user with e-mail ${email} already exists.`, { field: "email" });
    return tx.user
      .create({
        data: { email, passwordHash, displayName, timeZone: input.timeZone ?? null, role: input.role ?? (count === 0 ? "admin" : "user") },
      })
      .catch((error: unknown) => conflictOnDuplicateEmail(error, email));
  });
}

export async function userCount(): Promise<number> {
  return db().user.count();
}

export async function findUserByEmail(email: string): Promise<User | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return null;
  return db().user.findUnique({ where: { email: parsed.data } });
}

/** Checks a sign-in; the same work (one bcrypt comparison) is done whether or not the e-mail exists. */
export async function checkCredentials(email: string, password: string): Promise<User | null> {
  const user = await findUserByEmail(email);
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  return ok ? user : null;
}

export async function requireUserByEmail(email: string): Promise<User> {
  const user = await findUserByEmail(email);
  if (!user) throw new AppError("not_found", `No user with e-mail ${email}.`);
  return user;
}

async function requireUserById(id: number): Promise<User> {
  const user = await db().user.findUnique({ where: { id } });
  if (!user) throw notFound(`No user with id ${id}.`);
  return user;
}

/** Sets a new password and signs the user out of every session (their auth version moves on). */
export async function setPassword(userId: number, password: string): Promise<User> {
  const problem = passwordProblem(password);
  if (problem) throw badRequest(problem, "password");
  await requireUserById(userId);
  const passwordHash = await hashPassword(password);
  const user = await db().user.update({ where: { id: userId }, data: { passwordHash, authVersion: { increment: 1 } } });
  // A reset is how a locked-out user gets back in.
  await clearAccountLock(user.email);
  return user;
}

/** Every sign-in session of the user ends at its next request. */
export async function signOutEverywhere(userId: number): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { authVersion: { increment: 1 } } });
}

export interface UserListRow {
  id: number;
  email: string;
  displayName: string | null;
  role: Role;
  createdAt: Date;
  sessions: number;
  devices: number;
}

export async function listUsers(): Promise<UserListRow[]> {
  const users = await db().user.findMany({
    orderBy: { id: "asc" },
    select: { id: true, email: true, displayName: true, role: true, createdAt: true, _count: { select: { sessions: true, devices: true } } },
  });
  return users.map(({ _count, ...u }) => ({ ...u, sessions: _count.sessions, devices: _count.devices }));
}

/** Changes a role; an instance always keeps at least one admin, and nobody demotes themself. */
export async function setRole(actingUserId: number | null, userId: number, role: Role): Promise<User> {
  if (actingUserId === userId && role !== "admin") throw new AppError("conflict", "You cannot remove your own admin role: ask another admin.");
  return withUsersLock(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound(`No user with id ${userId}.`);
    if (user.role === "admin" && role !== "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1) {
      throw new AppError("conflict", "This is the only admin: make another user admin first.");
    }
    return tx.user.update({ where: { id: userId }, data: { role } });
  });
}

/** Deletes a user with all their devices, sessions, samples and tokens (cascading). */
export async function deleteUser(actingUserId: number | null, userId: number): Promise<void> {
  if (actingUserId === userId) throw new AppError("conflict", "You cannot delete your own account here.");
  await withUsersLock(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound(`No user with id ${userId}.`);
    if (user.role === "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1) {
      throw new AppError("conflict", "This is the only admin: make another user admin first.");
    }
    await tx.user.delete({ where: { id: userId } });
  });
}
