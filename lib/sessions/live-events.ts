import "server-only";
import pg from "pg";
import { AppError } from "@/lib/http/errors";
import { logger } from "@/lib/log";

/**
 * Live session updates for open pages. The database announces every change to a session on
 * channel `session_update` (a trigger, migration 20261204172000); each server process holds ONE
 * listening connection, whatever the number of open pages, and fans notifications out to the
 * subscribed streams. Several app instances on one database each get every notification, so a
 * page updates whichever instance took the upload. The connection is opened on the first
 * subscription, re-opened after errors, and closed a while after the last subscriber leaves.
 */
export const CHANNEL = "session_update";
export const MAX_STREAMS = 200;
export const MAX_STREAMS_PER_USER = 10;
const IDLE_CLOSE_MS = 30_000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;

type Listener = () => void;

interface Hub {
  client: pg.Client | null;
  connecting: boolean;
  retryMs: number;
  closeTimer: NodeJS.Timeout | null;
  bySession: Map<number, Set<Listener>>;
  byUser: Map<number, number>;
  total: number;
}

const holder = globalThis as unknown as { sessionEventsHub?: Hub };
const hub: Hub = (holder.sessionEventsHub ??= {
  client: null,
  connecting: false,
  retryMs: RETRY_MIN_MS,
  closeTimer: null,
  bySession: new Map(),
  byUser: new Map(),
  total: 0,
});

function notifyAll(): void {
  for (const listeners of hub.bySession.values()) for (const l of listeners) l();
}

function connect(): void {
  if (hub.client || hub.connecting || hub.total === 0) return;
  const url = process.env.DATABASE_URL;
  if (!url) return;
  hub.connecting = true;
  const client = new pg.Client({ connectionString: url, keepAlive: true });
  const lost = (error?: unknown) => {
    if (hub.client !== client && !hub.connecting) return;
    if (error) logger.warn("live updates: database connection lost", { error });
    hub.client = null;
    hub.connecting = false;
    client.removeAllListeners();
    client.on("error", () => undefined);
    void client.end().catch(() => undefined);
    if (hub.total > 0) {
      setTimeout(connect, hub.retryMs).unref();
      hub.retryMs = Math.min(RETRY_MAX_MS, hub.retryMs * 2);
    }
  };
  client.on("error", lost);
  client.on("end", () => lost());
  client.on("notification", (message) => {
    const id = Number(message.payload);
    for (const l of hub.bySession.get(id) ?? []) l();
  });
  client
    .connect()
    .then(() => client.query(`LISTEN ${CHANNEL}`))
    .then(() => {
      hub.client = client;
      hub.connecting = false;
      hub.retryMs = RETRY_MIN_MS;
      // Anything may have changed while we were not listening.
      notifyAll();
    })
    .catch(lost);
}

function scheduleClose(): void {
  if (hub.closeTimer) clearTimeout(hub.closeTimer);
  hub.closeTimer = setTimeout(() => {
    hub.closeTimer = null;
    if (hub.total > 0 || !hub.client) return;
    const client = hub.client;
    hub.client = null;
    client.removeAllListeners();
    client.on("error", () => undefined);
    void client.end().catch(() => undefined);
  }, IDLE_CLOSE_MS);
  hub.closeTimer.unref();
}

/**
 * Calls `listener` whenever session `sessionId` changes (the caller has checked ownership).
 * Returns the unsubscribe function. Refuses with 429 beyond the per-user and per-process caps.
 */
export function subscribeToSession(sessionId: number, userId: number, listener: Listener): () => void {
  const mine = hub.byUser.get(userId) ?? 0;
  if (hub.total >= MAX_STREAMS || mine >= MAX_STREAMS_PER_USER) {
    throw new AppError("rate_limited", "Too many live views open; close a tab and reload.", { retryAfterS: 30 });
  }
  let set = hub.bySession.get(sessionId);
  if (!set) hub.bySession.set(sessionId, (set = new Set()));
  set.add(listener);
  hub.byUser.set(userId, mine + 1);
  hub.total++;
  if (hub.closeTimer) {
    clearTimeout(hub.closeTimer);
    hub.closeTimer = null;
  }
  connect();
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    set.delete(listener);
    if (set.size === 0) hub.bySession.delete(sessionId);
    const left = (hub.byUser.get(userId) ?? 1) - 1;
    if (left === 0) hub.byUser.delete(userId);
    else hub.byUser.set(userId, left);
    hub.total--;
    if (hub.total === 0) scheduleClose();
  };
}

/** Open streams in this process (for tests and health). */
export function openStreamCount(): number {
  return hub.total;
}
