import Link from "next/link";
import { z } from "zod";
import type { Operation } from "@/lib/api/operation";

interface Param {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

function describeParams(schema: z.ZodObject | undefined): Param[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { type?: string; description?: string; enum?: unknown[] }>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, p]) => ({
    name,
    type: p.enum ? p.enum.join(" | ") : (p.type ?? "any"),
    required: (json.required ?? []).includes(name),
    description: p.description ?? "",
  }));
}

/** A reference of API v1 for people, rendered from the same operations as openapi.json. */
export function ApiReference({ operations, origin }: { operations: readonly Operation[]; origin: string }) {
  const tags = [...new Set(operations.map((o) => o.tag))];
  return (
    <>
      <h1>Open API v1</h1>
      <section className="panel">
        <p>
          Everything the pages show, a script can read. Create an API token in <Link href="/settings">Settings → Tokens</Link> and
          send it as <code>Authorization: Bearer &lt;token&gt;</code>. Machine-readable description:{" "}
          <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
        </p>
        <pre className="mono" style={{ whiteSpace: "pre-wrap" }}>{`curl -H "Authorization: Bearer $TOKEN" ${origin}/api/v1/devices`}</pre>
        <p className="muted">
          Errors: <code>{`{ "error": { "code", "message", "field"? } }`}</code> with the HTTP status. Rate limit per token: 429 with
          Retry-After.
        </p>
      </section>
      {tags.map((tag) => (
        <section key={tag} className="panel" aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {operations
            .filter((o) => o.tag === tag)
            .map((op) => {
              const params = [...describeParams(op.params), ...describeParams(op.query), ...describeParams(op.requestBody?.schema)];
              return (
                <article key={op.id} style={{ marginBottom: "1.2rem" }}>
                  <h3 className="mono">
                    {op.method} {op.path}
                  </h3>
                  <p>
                    {op.summary}
                    {op.description ? <span className="muted"> — {op.description}</span> : null}
                  </p>
                  <p className="muted">Needs: {op.permission === "writeData" ? "a read-write token" : "a read or read-write token"}</p>
                  {params.length > 0 ? (
                    <table className="data">
                      <thead>
                        <tr>
                          <th scope="col">Parameter</th>
                          <th scope="col">Type</th>
                          <th scope="col">Required</th>
                          <th scope="col">Meaning</th>
                        </tr>
                      </thead>
                      <tbody>
                        {params.map((p) => (
                          <tr key={p.name}>
                            <td className="mono">{p.name}</td>
                            <td className="mono">{p.type}</td>
                            <td>{p.required ? "yes" : "no"}</td>
                            <td style={{ whiteSpace: "normal" }}>{p.description}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                </article>
              );
            })}
        </section>
      ))}
    </>
  );
}
