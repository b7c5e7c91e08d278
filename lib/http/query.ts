import type { z } from "zod";
import { badRequest, notFound } from "@/lib/http/errors";

/**
 * Validates a request's query string with a zod object schema; the first problem becomes a 400
 * naming the parameter. Repeated parameters keep their last value.
 */
export function parseQuery<S extends z.ZodType>(schema: S, url: string | URL): z.infer<S> {
  const params = Object.fromEntries(new URL(url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join(".") || undefined;
    throw badRequest(field ? `${field}: ${issue.message}` : issue.message, field);
  }
  return parsed.data;
}

/** A database id from a path segment; anything else is "not found", like a missing row. */
export function parseId(raw: string): number {
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw notFound("No such session.");
  return id;
}
