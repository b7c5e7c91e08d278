import "server-only";
import type { Role, TokenScope, User } from "@/lib/generated/prisma/client";

/**
 * Who is asking, and the named predicates that decide what they may do. Every page, route
 * handler, server action and API route asks these, so a rule lives in exactly one place.
 * Ownership is always by user: user A's session, token or cookie never reaches user B's data,
 * and a foreign id answers 404 like a missing one (scope every query with `ownedBy`).
 *
 * Where each is enforced: route handlers `requireActor(request, permission)` (lib/auth/actor.ts);
 * pages and server actions `requireUserWith(permission)` (lib/auth/current-user.ts).
 */
export type Actor =
  | { kind: "user"; userId: number; role: Role }
  | { kind: "token"; userId: number; scope: TokenScope; tokenId: number };

export const can = {
  /** List, view, chart and download one's own sessions, devices and PIDs. */
  readData: (actor: Actor) => actor.kind === "user" || actor.scope === "read" || actor.scope === "read_write",
  /** Rename, tag, merge, split, trim, delete, import. */
  writeData: (actor: Actor) => actor.kind === "user" || actor.scope === "read_write",
  /** Send Torque uploads. */
  upload: (actor: Actor) => actor.kind === "token" && actor.scope === "upload",
  /** Profile, password, preferences, devices, tokens: only a signed-in person, never a token. */
  manageAccount: (actor: Actor) => actor.kind === "user",
  /** Manage users and see instance health. */
  administer: (actor: Actor) => actor.kind === "user" && actor.role === "admin",
} as const;

export type Permission = keyof typeof can;

/** The actor of a signed-in browser session. */
export function userActor(user: Pick<User, "id" | "role">): Actor {
  return { kind: "user", userId: user.id, role: user.role };
}

/** The row filter that scopes any query on user-owned tables to the actor. */
export function ownedBy(actor: Actor): { userId: number } {
  return { userId: actor.userId };
}
