import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, DEFAULT_TILE_ORIGIN, tileSource } from "./csp";

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(" ")]));
}

describe("contentSecurityPolicy", () => {
  const prod = directives(contentSecurityPolicy({ nonce: "abc123", dev: false, https: false }));

  it("lets scripts run only with the response's nonce: no 'unsafe-inline', no eval in production", () => {
    expect(prod.get("script-src")).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(prod.get("script-src")).not.toContain("unsafe");
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: true, https: false })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("forbids framing, plugins and foreign form targets", () => {
    expect(prod.get("frame-ancestors")).toBe("'none'");
    expect(prod.get("object-src")).toBe("'none'");
    expect(prod.get("form-action")).toBe("'self'");
    expect(prod.get("base-uri")).toBe("'self'");
  });

  it("allows images from itself, data: URLs and the map tile server", () => {
    expect(prod.get("img-src")).toBe(`'self' data: blob: ${DEFAULT_TILE_ORIGIN}`);
  });

  it("upgrades insecure requests only when served over https", () => {
    expect(prod.has("upgrade-insecure-requests")).toBe(false);
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: false, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("tileSource", () => {
  it("turns a tile URL template into an img-src source", () => {
    expect(tileSource("https://{s}.tile.example.com/{z}/{x}/{y}.png")).toBe("https://*.tile.example.com");
    expect(tileSource("https://tiles.example.org:8443/osm/{z}/{x}/{y}.png")).toBe("https://tiles.example.org:8443");
    expect(tileSource("http://LOCALHOST:8080/{z}/{x}/{y}.png")).toBe("http://localhost:8080");
  });

  it("falls back to OpenStreetMap when unset or not a plain http(s) host", () => {
    expect(tileSource(undefined)).toBe(DEFAULT_TILE_ORIGIN);
    expect(tileSource("  ")).toBe(DEFAULT_TILE_ORIGIN);
    expect(tileSource("javascript:alert(1)")).toBe(DEFAULT_TILE_ORIGIN);
    expect(tileSource("https://evil.example; script-src *")).toBe(DEFAULT_TILE_ORIGIN);
    expect(tileSource("https://a b/")).toBe(DEFAULT_TILE_ORIGIN);
  });
});
