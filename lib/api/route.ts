import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Operation } from "@/lib/api/operation";
import { requireActor } from "@/lib/auth/actor";
import { limits } from "@/lib/config";
import { readJsonBody } from "@/lib/http/body";
import { AppError } from "@/lib/http/errors";
import { errorResponse, json } from "@/lib/http/respond";
import type { Actor } from "@/lib/permissions";
import { RateLimiter } from "@/lib/rate-limit";

/**
 * Turns an Operation and its implementation into a Next route handler: validate params, query
 * and body with the operation's schemas (400 naming the field) → authenticate and authorise
 * (401/403) → per-actor rate limit (429 + Retry-After) → implementation → JSON with ETag.
 */
const MAX_JSON_BODY = 1024 * 1024;
let limiter: RateLimiter | null = null;
function apiLimiter(): RateLimiter {
  const { apiRatePerS, apiRateBurst } = limits();
  limiter ??= new RateLimiter({ perSecond: apiRatePerS, burst: apiRateBurst });
  return limiter;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface ApiContext<O extends Operation> {
  request: Request;
  actor: Actor;
  params: Infer<O["params"]>;
  query: Infer<O["query"]>;
  body: Infer<O["body"]>;
}

function parse<T extends z.ZodType>(schema: T, input: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join(".") || where;
  throw new AppError("invalid_field", `${where} ${field}: ${issue.message}`, { field });
}

function withEtag(request: Request, response: Response, body: string): Response {
  const etag = `W/"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers = new Headers(response.headers);
  headers.set("etag", etag);
  headers.set("cache-control", "private, no-cache");
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: response.status, headers });
}

export function apiRoute<O extends Operation>(
  operation: O,
  implementation: (context: ApiContext<O>) => Promise<unknown>,
) {
  return async (request: Request, context: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    try {
      const actor = await requireActor(request, operation.permission);
      const retryAfter = apiLimiter().take(actor.kind === "token" ? `t${actor.tokenId}` : `u${actor.userId}`);
      if (retryAfter > 0) throw new AppError("rate_limited", "Too many requests: slow down.", { retryAfterS: retryAfter });
      const url = new URL(request.url);
      const params = operation.params ? parse(operation.params, await context.params, "path parameter") : undefined;
      const query = operation.query ? parse(operation.query, Object.fromEntries(url.searchParams), "query parameter") : undefined;
      const body = operation.body ? parse(operation.body, await readJsonBody(request, MAX_JSON_BODY, { whenEmpty: {} }), "body") : undefined;
      const result = await implementation({ request, actor, params, query, body } as ApiContext<O>);
      if (result instanceof Response) return result;
      const response = json(result);
      if (!operation.etag) return response;
      return withEtag(request, response, await response.text());
    } catch (error) {
      return errorResponse(error, { route: operation.id });
    }
  };
}
