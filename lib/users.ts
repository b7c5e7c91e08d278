import "server-only";
import { z } from "zod";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { AppError, badRequest } from "@/lib/http/errors";
import type { Role, User } from "@/lib/generated/prisma/client";

export const emailSchema = z.email("Not a valid e-mail address.").max(254).transform((e) => e.trim().toLowerCase());

export function normaliseEmail(raw: string): string {
  const parsed = emailSchema.safeParse(raw.trim());
  if (!parsed.success) throw badRequest(`"${raw}" is not a valid e-mail address.`, "email");
  return parsed.data;
}

/** Creates a user. The very first user of an instance becomes its admin. */
export async function createUser(input: { email: string; password: string; role?: Role }): Promise<User> {
  const email = normaliseEmail(input.email);
  const problem = passwordProblem(input.password);
  if (problem) throw badRequest(problem, "password");
  const passwordHash = await hashPassword(input.password);
  const prisma = db();
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new AppError("conflict", `A user with e-mail ${email} already exists.`, { field: "email" });
  const isFirst = (await prisma.user.count()) === 0;
  try {
    return await prisma.user.create({
      data: { email, passwordHash, role: input.role ?? (isFirst ? "admin" : "user") },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("conflict", `A user with e-mail ${email} already exists.`, { field: "email" });
    }
    throw error;
  }
}

export async function findUserByEmail(email: string): Promise<User | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return null;
  return db().user.findUnique({ where: { email: parsed.data } });
}

/** Checks a sign-in; the same work is done whether or not the e-mail exists. */
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
