import type { z } from "zod";
import type { Permission } from "@/lib/permissions";

/**
 * One operation of the open API: its route, the permission it needs and the zod schemas that
 * validate its input and describe its output. The same objects validate requests at run time
 * (lib/api/route.ts) and generate the OpenAPI document (lib/api/openapi.ts): no hand-kept copy.
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface Operation {
  id: string;
  method: HttpMethod;
  /** OpenAPI-style path, e.g. /api/v1/sessions/{id}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  permission: Permission;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A non-JSON request body (file uploads): documented here, read by the implementation itself. */
  requestBody?: { mediaType: string; schema: z.ZodObject };
  /** JSON response schema, or a non-JSON media type (streams). */
  response: z.ZodType | { mediaType: string; description: string };
  /** Other media types the same operation answers with (chosen by a query parameter such as format=csv). */
  alternateResponses?: { mediaType: string; description: string }[];
  /** Error statuses this operation can answer besides 400/401/403/429/500/503. */
  errors?: number[];
  /** Responses carry an ETag and honour If-None-Match. */
  etag?: boolean;
}

export function defineOperation<const O extends Operation>(operation: O): O {
  return operation;
}
