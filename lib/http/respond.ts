import { AppError, isDatabaseUnavailable } from "@/lib/http/errors";
import { logger } from "@/lib/log";

/** The one place route handlers build responses; errors always leave as one JSON envelope. */
export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body, bigintToString), { ...init, headers });
}

function bigintToString(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export function errorResponse(error: unknown, context: { route?: string } = {}): Response {
  if (error instanceof AppError) {
    const headers = new Headers();
    if (error.details.retryAfterS !== undefined) headers.set("retry-after", String(error.details.retryAfterS));
    const body: { code: string; message: string; field?: string } = { code: error.code, message: error.message };
    if (error.details.field) body.field = error.details.field;
    return json({ error: body }, { status: error.status, headers });
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn("database unavailable", { route: context.route });
    return json(
      { error: { code: "unavailable", message: "The database is unavailable. Try again shortly." } },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
  // Internal details go to the log, never to the client.
  logger.error("unhandled error", { route: context.route, error });
  return json({ error: { code: "internal", message: "Internal server error." } }, { status: 500 });
}

/** Wraps a handler so every thrown error becomes the envelope. */
export function handle<A extends unknown[]>(
  route: string,
  fn: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error, { route });
    }
  };
}

/**
 * The upload endpoint speaks Torque's protocol: plain text, body exactly `OK!` on success (the
 * app checks it). Refusals are plain text too, so a person testing with curl reads the reason.
 */
export const UPLOAD_OK = {
  body: "OK!",
  headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
} as const;

export function uploadOk(): Response {
  return new Response(UPLOAD_OK.body, { status: 200, headers: UPLOAD_OK.headers });
}

export function uploadErrorResponse(error: unknown): Response {
  const envelope = errorResponse(error, { route: "upload" });
  const headers = new Headers({ "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  const retryAfter = envelope.headers.get("retry-after");
  if (retryAfter) headers.set("retry-after", retryAfter);
  const message =
    error instanceof AppError ? error.message : envelope.status === 503 ? "Database unavailable, retry later." : "Internal server error.";
  return new Response(`Error: ${message}\n`, { status: envelope.status, headers });
}

/**
 * A streamed file download: the body starts flowing at once, the browser saves it under
 * `contentDisposition`'s name (see lib/export/file-names attachmentHeader), nothing is cached.
 */
export function attachment(body: ReadableStream<Uint8Array>, contentType: string, contentDisposition: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-disposition": contentDisposition,
      "cache-control": "no-store",
      // Proxies such as nginx would otherwise buffer the whole download before passing it on.
      "x-accel-buffering": "no",
      ...headers,
    },
  });
}
