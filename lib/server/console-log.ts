import { format } from "node:util";
import { logger } from "@/lib/log";

/**
 * Routes console.* (Next's own error reports, libraries) through the JSON logger, so the
 * server's output is JSON lines only, with request ids and token redaction everywhere.
 */
export function routeConsoleToLogger(): void {
  const route =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]): void => {
      const error = args.find((a): a is Error => a instanceof Error);
      // Colour codes (next-auth's "[auth][error]") mean nothing in a JSON log.
      const text = format(...args.map((a) => (a instanceof Error ? a.message : a))).replace(/\u001b\[[0-9;]*m/g, "");
      logger[level](text, error ? { error } : undefined);
    };
  console.log = route("info");
  console.info = route("info");
  console.debug = route("debug");
  console.warn = route("warn");
  console.error = route("error");
}
