import "server-only";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/lib/auth/auth";
import { db } from "@/lib/db/client";
import type { User } from "@/lib/generated/prisma/client";
import { can, userActor, type Actor, type Permission } from "@/lib/permissions";

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

/**
 * For pages and server actions: the signed-in user holding `permission` (lib/permissions.ts).
 * Without a session: the sign-in page. Without the permission: 404, as if the page did not
 * exist (an admin page is not advertised to users).
 */
export async function requireUserWith(permission: Permission): Promise<{ user: User; actor: Actor }> {
  const user = await requireUser();
  const actor = userActor(user);
  if (!can[permission](actor)) notFound();
  return { user, actor };
}
