import { describe, expect, it } from "vitest";
import { uploadPathToken } from "@/lib/ingest/upload-path";

describe("uploadPathToken", () => {
  it("gives the path token of a GET or POST upload, undefined when the path has none", () => {
    expect(uploadPathToken("GET", "/api/upload/tls_abc?session=1")).toBe("tls_abc");
    expect(uploadPathToken("POST", "/api/upload/")).toBeUndefined();
    expect(uploadPathToken("GET", "/api/upload?id=1")).toBeUndefined();
    expect(uploadPathToken("GET", "/api/upload/a%20b")).toBe("a b");
  });

  it("is null for other methods, other paths and malformed escapes (Next answers those)", () => {
    expect(uploadPathToken("HEAD", "/api/upload/tls_abc")).toBeNull();
    expect(uploadPathToken("GET", "/api/uploads")).toBeNull();
    expect(uploadPathToken("GET", "/api/upload/tls_abc/extra")).toBeNull();
    expect(uploadPathToken("GET", "/api/upload/%E0%A4%A")).toBeNull();
    expect(uploadPathToken("GET", undefined)).toBeNull();
  });
});
