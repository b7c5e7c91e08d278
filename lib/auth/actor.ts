import "server-only";
import { currentUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/http/errors";
import { can, userActor, type Actor, type Permission } from "@/lib/permissions";
import { authenticateToken } from "@/lib/tokens";

/**
 * The actor behind a route-handler request: an API token (`Authorization: Bearer`) or the
 * signed-in browser session. Throws 401 without either, 403 when the permission is missing.
 */
export async function requireActor(request: Request, permission: Permission): Promise<Actor> {
  const actor = await actorFrom(request);
  if (!actor) throw new AppError("unauthenticated", "Sign in, or send an API token as Authorization: Bearer <token>.");
  if (!can[permission](actor)) {
    throw new AppError("forbidden", actor.kind === "token" ? `This token's scope (${actor.scope}) does not allow this.` : "Not allowed.");
  }
  return actor;
}

async function actorFrom(request: Request): Promise<Actor | null> {
  const header = request.headers.get("authorization");
  if (header) {
    const presented = header.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!presented) throw new AppError("unauthenticated", "Malformed Authorization header: use Bearer <token>.");
    const owner = await authenticateToken(presented, ["read", "read_write"]);
    if (!owner) throw new AppError("unauthenticated", "Unknown, revoked or non-API token.");
    return { kind: "token", userId: owner.userId, scope: owner.scope, tokenId: owner.tokenId };
  }
  const user = await currentUser();
  if (!user) return null;
  assertSameOrigin(request);
  return userActor(user);
}

/**
 * CSRF defence for cookie-authenticated writes: a browser always sends Origin on cross-site
 * POST/PATCH/DELETE, so a write whose Origin is not this host is refused. (Tokens are immune:
 * a browser never attaches them by itself.)
 */
function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (!host || originHost !== host) throw new AppError("forbidden", "Cross-site request refused.");
}
