import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { OPERATIONS } from "@/lib/api/v1";

describe("the OpenAPI document", () => {
  const doc = openApiDocument(OPERATIONS) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[]; responses: Record<string, unknown> }>>;
  };

  it("is OpenAPI 3.1 and lists every operation exactly once", () => {
    expect(doc.openapi).toBe("3.1.0");
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((m) => m.operationId));
    expect(ids.sort()).toEqual(OPERATIONS.map((o) => o.id).sort());
  });

  it("documents path parameters for every {placeholder}, and the error responses", () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(methods)) {
        const inPath = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
        expect(inPath.sort()).toEqual(placeholders.sort());
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "429"]));
      }
    }
  });

  it("has an operation id and an existing route file for every operation", async () => {
    const { existsSync } = await import("node:fs");
    for (const op of OPERATIONS) {
      const file = `app${op.path.replace(/\{(\w+)\}/g, "[$1]")}/route.ts`;
      expect(existsSync(file), `${op.id}: ${file}`).toBe(true);
    }
  });

  it("documents the samples' CSV alongside their JSON, and the parameters that choose it", () => {
    const op = doc.paths["/api/v1/sessions/{id}/samples"].get as unknown as {
      parameters: { name: string }[];
      responses: { "200": { content: Record<string, unknown> } };
    };
    expect(Object.keys(op.responses["200"].content)).toEqual(["application/json", "text/csv"]);
    expect(op.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["format", "downsample", "pids", "from", "to", "units", "tz"]));
  });
});
