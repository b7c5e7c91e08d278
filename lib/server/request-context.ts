import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request being served, for every log line written while serving it. The custom server
 * (dist/server.mjs, or scripts/start.ts under tsx in dev) and the Next bundle load this file as two separate module
 * instances, so the store lives on globalThis under a registered symbol: both see one store.
 */
export interface RequestContext {
  requestId: string;
}

const KEY = Symbol.for("torque-logserver.request-context");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;

export function requestContextStorage(): AsyncLocalStorage<RequestContext> {
  holder[KEY] ??= new AsyncLocalStorage<RequestContext>();
  return holder[KEY];
}

export function currentRequestId(): string | undefined {
  return requestContextStorage().getStore()?.requestId;
}

/** Accepted from a client or proxy as is; anything else is replaced (log injection, length). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;
