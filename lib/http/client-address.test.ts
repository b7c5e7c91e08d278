import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress, stampForwardedFor } from "./client-address";

describe("stampForwardedFor", () => {
  it("replaces what a directly connected client claims with the socket address", () => {
    const headers: IncomingHttpHeaders = { "x-forwarded-for": "1.2.3.4" };
    stampForwardedFor(headers, "203.0.113.9", false);
    expect(headers["x-forwarded-for"]).toBe("203.0.113.9");
  });

  it("keeps the chain a trusted proxy sent, and fills it in when the proxy sent none", () => {
    const headers: IncomingHttpHeaders = { "x-forwarded-for": "10.0.0.1, 198.51.100.7" };
    stampForwardedFor(headers, "127.0.0.1", true);
    expect(headers["x-forwarded-for"]).toBe("10.0.0.1, 198.51.100.7");
    const bare: IncomingHttpHeaders = {};
    stampForwardedFor(bare, "127.0.0.1", true);
    expect(bare["x-forwarded-for"]).toBe("127.0.0.1");
  });
});

describe("clientAddress", () => {
  it("is the last entry, the one our side of the connection saw", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7" }))).toBe("198.51.100.7");
  });

  it("shows IPv4-mapped IPv6 addresses as IPv4 and keeps real IPv6", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "::ffff:192.0.2.1" }))).toBe("192.0.2.1");
    expect(clientAddress(new Headers({ "x-forwarded-for": "2001:db8::1" }))).toBe("2001:db8::1");
  });

  it("is null without the header", () => {
    expect(clientAddress(new Headers())).toBeNull();
    expect(clientAddress(new Headers({ "x-forwarded-for": " , " }))).toBeNull();
  });
});
