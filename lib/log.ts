/**
 * Structured logs: one JSON object per line on stdout, with the request id of the request being
 * served (see lib/server/request-context.ts). Secrets never reach here: callers pass ids and
 * outcomes, and `redact` masks anything that looks like a token in a path or message.
 *
 * LOG_LEVEL sets the threshold; LOG_SILENT=1 (tests) keeps only errors.
 */
import { currentRequestId } from "@/lib/server/request-context";

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function redact(text: string): string {
  return text
    .replace(/(\/api\/upload\/)[^/?\s"]+/gi, "$1[token]")
    .replace(/(bearer\s+)[^\s"]+/gi, "$1[token]")
    .replace(/tls_[A-Za-z0-9_-]{8,}/g, "tls_[token]");
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message), stack: value.stack ? redact(value.stack.split("\n").slice(0, 6).join("\n")) : undefined };
  }
  if (typeof value === "string") return redact(value);
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Whether a line of this level is written now (so callers can skip building costly fields). */
export function logEnabled(level: Level): boolean {
  if (process.env.LOG_SILENT === "1") return level === "error";
  const threshold = ORDER[(process.env.LOG_LEVEL as Level) ?? "info"] ?? ORDER.info;
  return ORDER[level] >= threshold;
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (!logEnabled(level)) return;
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: redact(msg) };
  const requestId = currentRequestId();
  if (requestId) entry.requestId = requestId;
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) entry[k] = serialise(v);
  process.stdout.write(JSON.stringify(entry) + "\n");
}

export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
