import { describe, expect, it } from "vitest";
import { routeHandlerPattern } from "./request-guard";

describe("routeHandlerPattern", () => {
  it("matches the paths that reach a route handler of the build manifest", () => {
    const upload = routeHandlerPattern("/api/upload/[[...slug]]/route")!;
    expect(["/api/upload", "/api/upload/", "/api/upload/tls_x", "/api/upload/a/b"].every((p) => upload.test(p))).toBe(true);
    expect(upload.test("/api/uploads")).toBe(false);
    const session = routeHandlerPattern("/api/v1/sessions/[id]/samples/route")!;
    expect(session.test("/api/v1/sessions/12/samples")).toBe(true);
    expect(session.test("/api/v1/sessions/12/x/samples")).toBe(false);
    expect(routeHandlerPattern("/api/auth/[...nextauth]/route")!.test("/api/auth")).toBe(false);
    expect(routeHandlerPattern("/api/v1/openapi.json/route")!.test("/api/v1/openapiXjson")).toBe(false);
  });

  it("ignores pages and route groups", () => {
    expect(routeHandlerPattern("/(app)/settings/page")).toBeNull();
    expect(routeHandlerPattern("/(admin)/api/x/route")!.test("/api/x")).toBe(true);
  });
});
