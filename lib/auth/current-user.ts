import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth/auth";
import { db } from "@/lib/db/client";
import type { User } from "@/lib/generated/prisma/client";

/** The signed-in user, re-read from the database (a deleted user or old auth version is signed out). */
export async function currentUser(): Promise<User | null> {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = await db().user.findUnique({ where: { id } });
  const version = (session?.user as { authVersion?: number } | undefined)?.authVersion ?? 0;
  if (!user || user.authVersion !== version) return null;
  return user;
}

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<User> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
}
