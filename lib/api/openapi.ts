import { z } from "zod";
import type { Operation } from "@/lib/api/operation";
import { errorEnvelope } from "@/lib/api/v1/schemas";

/**
 * The OpenAPI 3.1 document, generated from the same Operation objects (and zod schemas) that
 * validate requests. OpenAPI 3.1 uses JSON Schema 2020-12, which is what zod emits.
 */
type JsonSchema = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input; `error.field` names the parameter",
  401: "No or unknown credentials",
  403: "The token's scope does not allow this",
  404: "Not found (or another user's)",
  409: "Conflict",
  413: "Request too large",
  429: "Rate limited; see Retry-After",
  503: "Database unavailable; retry later",
};

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  delete out.$schema;
  return out;
}

function parameters(op: Operation): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [["path", op.params], ["query", op.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property as { description?: string };
      list.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), description, schema: rest });
    }
  }
  return list;
}

const BINARY = { schema: { type: "string", format: "binary" } };

function responses(op: Operation): JsonSchema {
  const alternates = Object.fromEntries((op.alternateResponses ?? []).map((r) => [r.mediaType, BINARY]));
  const ok =
    "mediaType" in op.response
      ? { description: op.response.description, content: { [op.response.mediaType]: BINARY, ...alternates } }
      : {
          description: ["OK", ...(op.alternateResponses ?? []).map((r) => r.description)].join("; "),
          content: { "application/json": { schema: schemaOf(op.response, "output") }, ...alternates },
        };
  const out: JsonSchema = { "200": ok };
  if (op.etag) out["304"] = { description: "Not modified (If-None-Match matched the ETag)" };
  const errorRef = { content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  for (const status of [400, 401, 403, ...(op.errors ?? []), 429, 503]) {
    out[String(status)] = { description: ERROR_TEXT[status] ?? "Error", ...errorRef };
  }
  return out;
}

export function openApiDocument(operations: readonly Operation[], serverUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path][op.method.toLowerCase()] = {
      operationId: op.id,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      "x-permission": op.permission,
      parameters: parameters(op),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(op.body, "input") } } } } : {}),
      ...(op.requestBody ? { requestBody: { required: true, content: { [op.requestBody.mediaType]: { schema: schemaOf(op.requestBody.schema, "input") } } } } : {}),
      responses: responses(op),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Torque Log Server API",
      version: "1",
      description:
        "Everything the pages can read, a script can read too. Authenticate with an API token from Settings → Tokens: `Authorization: Bearer <token>`. Read tokens may read; read-write tokens may also edit and delete. Times are ISO 8601 UTC (or epoch milliseconds where stated); values are in the units Torque uploads (metric).",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (tls_…)" } },
      schemas: { Error: schemaOf(errorEnvelope, "output") },
    },
    paths,
  };
}
