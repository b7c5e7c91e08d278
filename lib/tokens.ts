import "server-only";
import { generateToken, hashToken, TOKEN_PATTERN } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { AppError, badRequest } from "@/lib/http/errors";
import type { TokenScope } from "@/lib/generated/prisma/client";

export const TOKEN_SCOPES: readonly TokenScope[] = ["upload", "read", "read_write"];

/** CLI and forms accept friendly names; "api" means an API token that may read and write. */
export function parseScope(raw: string): TokenScope {
  const scope = ({ upload: "upload", read: "read", api: "read_write", "read-write": "read_write", read_write: "read_write" } as const)[
    raw as "upload"
  ];
  if (!scope) throw badRequest(`Unknown scope "${raw}": use upload, read or read-write (api).`, "scope");
  return scope;
}

/** Far more than a household's phones and scripts; keeps a runaway script from filling the table. */
export const MAX_ACTIVE_TOKENS = 50;

export interface CreatedToken {
  id: number;
  token: string;
  name: string;
  scope: TokenScope;
}

export async function createToken(userId: number, scope: TokenScope, name?: string): Promise<CreatedToken> {
  const label = (name ?? `${scope} token`).trim();
  if (!label || label.length > 100) throw badRequest("Token name must be 1 to 100 characters.", "name");
  const active = await db().token.count({ where: { userId, revokedAt: null } });
  if (active >= MAX_ACTIVE_TOKENS) throw new AppError("conflict", `You have ${active} active tokens: revoke unused ones first.`);
  const token = generateToken();
  const row = await db().token.create({
    data: { userId, scope, name: label, hash: hashToken(token), prefix: token.slice(0, 8) },
  });
  return { id: row.id, token, name: row.name, scope: row.scope };
}

export async function listTokens(userId: number) {
  return db().token.findMany({
    where: { userId },
    orderBy: { id: "asc" },
    select: { id: true, name: true, scope: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Revokes a token. With a userId, a token of another user is "not found". */
export async function revokeToken(id: number, userId?: number): Promise<void> {
  const token = await db().token.findUnique({ where: { id } });
  if (!token || (userId !== undefined && token.userId !== userId)) throw new AppError("not_found", `No token with id ${id}.`);
  if (!token.revokedAt) await db().token.update({ where: { id }, data: { revokedAt: new Date() } });
}

export interface TokenOwner {
  tokenId: number;
  userId: number;
  scope: TokenScope;
}

// last_used_at is written at most once a minute per token: uploads arrive every second.
const lastUseWritten = new Map<number, number>();

/** Resolves a presented token to its owner, or null (unknown, malformed or revoked). */
export async function authenticateToken(presented: string, scopes: readonly TokenScope[]): Promise<TokenOwner | null> {
  if (!TOKEN_PATTERN.test(presented)) return null;
  const row = await db().token.findUnique({
    where: { hash: hashToken(presented) },
    select: { id: true, userId: true, scope: true, revokedAt: true },
  });
  if (!row || row.revokedAt || !scopes.includes(row.scope)) return null;
  const now = Date.now();
  if ((lastUseWritten.get(row.id) ?? 0) < now - 60_000) {
    lastUseWritten.set(row.id, now);
    await db().token.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { tokenId: row.id, userId: row.userId, scope: row.scope };
}
