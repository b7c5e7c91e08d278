import "server-only";
import { db } from "@/lib/db/client";

/**
 * Limits on password guessing: at most ACCOUNT_LIMIT attempts per e-mail and ADDRESS_LIMIT per
 * client address in a WINDOW_MS window (fixed, starting at the first counted attempt). Counted
 * in the database (table sign_in_attempts), so the limits survive restarts and hold across
 * processes sharing the database. Unknown e-mails are counted like known ones: a lock reveals
 * nothing about which accounts exist.
 *
 * An attempt is reserved *before* the password is checked, in one atomic upsert, so a burst of
 * concurrent guesses cannot all slip past a check-then-count; a successful sign-in gives its
 * reservation back (the account's count is cleared, the address's decremented).
 */
export const ACCOUNT_LIMIT = 5;
export const ADDRESS_LIMIT = 20;
export const WINDOW_MS = 15 * 60_000;

export interface Lock {
  scope: "account" | "address";
  until: Date;
}

export interface Reservation {
  accountKey: string;
  addressKey: string | null;
  /** The lock that refuses this attempt, or null when it may go on to the password check. */
  lock: Lock | null;
}

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase().slice(0, 254)}`;
}

export function addressKey(address: string): string {
  return `ip:${address}`;
}

interface Row {
  key: string;
  window_start: Date;
  count: number;
}

export async function reserveAttempt(email: string, address: string | null): Promise<Reservation> {
  const account = accountKey(email);
  const ip = address ? addressKey(address) : null;
  const keys = ip ? [account, ip] : [account];
  const rows = await db().$queryRaw<Row[]>`
    INSERT INTO sign_in_attempts AS a (key, window_start, count)
    SELECT k, now(), 1 FROM unnest(${keys}::text[]) AS k
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN a.window_start <= now() - ${WINDOW_MS} * INTERVAL '1 millisecond' THEN now() ELSE a.window_start END,
      count = CASE WHEN a.window_start <= now() - ${WINDOW_MS} * INTERVAL '1 millisecond' THEN 1 ELSE a.count + 1 END
    RETURNING key, window_start, count`;
  await pruneNowAndThen();
  const locks = rows
    .map((r) => ({ scope: r.key === account ? ("account" as const) : ("address" as const), row: r }))
    .filter(({ scope, row }) => row.count > (scope === "account" ? ACCOUNT_LIMIT : ADDRESS_LIMIT))
    .map(({ scope, row }): Lock => ({ scope, until: new Date(row.window_start.getTime() + WINDOW_MS) }))
    .sort((a, b) => b.until.getTime() - a.until.getTime());
  return { accountKey: account, addressKey: ip, lock: locks[0] ?? null };
}

/** After a successful sign-in: the account starts afresh; the address gets its attempt back. */
export async function releaseAttempt(reservation: Reservation): Promise<void> {
  await db().$executeRaw`DELETE FROM sign_in_attempts WHERE key = ${reservation.accountKey}`;
  if (reservation.addressKey) {
    await db().$executeRaw`UPDATE sign_in_attempts SET count = GREATEST(count - 1, 0) WHERE key = ${reservation.addressKey}`;
  }
}

/** Lifts an account's lock: an admin reset its password. */
export async function clearAccountLock(email: string): Promise<void> {
  await db().$executeRaw`DELETE FROM sign_in_attempts WHERE key = ${accountKey(email)}`;
}

/** Expired windows are dead rows: dropped now and then, not on every attempt. */
async function pruneNowAndThen(): Promise<void> {
  if (Math.random() >= 0.02) return;
  await db().$executeRaw`DELETE FROM sign_in_attempts WHERE window_start < now() - ${WINDOW_MS} * INTERVAL '1 millisecond'`;
}
