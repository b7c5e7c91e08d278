/**
 * Process shutdown, shared by the custom server and the code it serves (a separate module
 * instance inside the Next bundle, hence globalThis). On SIGTERM the server stops accepting
 * connections and waits for in-flight requests; a response that never ends by itself (a
 * Server-Sent Events stream) must listen to `shutdownSignal()` and close, or it holds the
 * shutdown until SHUTDOWN_TIMEOUT_MS.
 */
interface Lifecycle {
  controller: AbortController;
}

const KEY = Symbol.for("torque-logserver.lifecycle");
const holder = globalThis as unknown as Record<symbol, Lifecycle | undefined>;

function lifecycle(): Lifecycle {
  holder[KEY] ??= { controller: new AbortController() };
  return holder[KEY];
}

/** Aborted when the server begins to shut down. */
export function shutdownSignal(): AbortSignal {
  return lifecycle().controller.signal;
}

export function isShuttingDown(): boolean {
  return shutdownSignal().aborted;
}

/** Called once by the server on SIGTERM/SIGINT. */
export function beginShutdown(reason: string): void {
  if (!isShuttingDown()) lifecycle().controller.abort(new Error(`server shutting down (${reason})`));
}
