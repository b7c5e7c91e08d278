import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import bcrypt from "bcryptjs";

/** Tokens: 192 random bits, URL-safe (they go into Torque's upload URL), stored only as sha256. */
export const TOKEN_PREFIX = "tls_";
export const TOKEN_PATTERN = /^tls_[A-Za-z0-9_-]{32}$/;

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(24).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// bcryptjs is pure JS: cost 11 keeps a sign-in near 0.1 s on a small box while staying slow for guessing.
const BCRYPT_COST = 11;

export const PASSWORD_RULES = "at least 10 characters, not all the same character";

export function passwordProblem(password: string): string | null {
  if (password.length < 10) return `Password too weak: use ${PASSWORD_RULES}.`;
  if (new Set(password).size < 4) return `Password too weak: use ${PASSWORD_RULES}.`;
  if (password.length > 200) return "Password too long (200 characters at most).";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

// A real hash of a random password: verifying against it costs what a real check costs, so an
// unknown e-mail and a wrong password take the same time.
const DUMMY_HASH = bcrypt.hashSync(randomBytes(16).toString("hex"), BCRYPT_COST);

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return hash !== null && ok;
}
