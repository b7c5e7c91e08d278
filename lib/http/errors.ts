/**
 * The error every layer throws for an expected failure; the response helper turns it into the
 * one JSON envelope `{ "error": { "code", "message", "field"? } }` with its status.
 */
export type ErrorCode =
  | "bad_request"
  | "invalid_field"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_field: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; retryAfterS?: number } = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
export const badRequest = (message: string, field?: string) =>
  new AppError(field ? "invalid_field" : "bad_request", message, { field });

/** Errors that mean "the database is not reachable": callers answer 503 so clients retry. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    const code = typeof e.code === "string" ? e.code : "";
    const message = typeof e.message === "string" ? e.message : "";
    if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "57P01", "57P03", "08006", "08001", "08003", "53300"].includes(code)) return true;
    if (/ECONNREFUSED|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database|the database system is (starting up|shutting down)/i.test(message)) return true;
    if (e.name === "DriverAdapterError" && /ECONN|terminated|timeout/i.test(message)) return true;
    current = e.cause;
  }
  return false;
}
