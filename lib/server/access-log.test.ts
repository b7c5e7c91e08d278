import { describe, expect, it } from "vitest";
import { redact } from "@/lib/log";
import { accessLogLevel, loggedPath } from "./access-log";

describe("loggedPath", () => {
  it("drops the query string (Torque's carries the e-mail address) and masks the upload token", () => {
    expect(loggedPath("/api/upload/tls_abcdefghijklmnopqrstuvwxyz012345?eml=me@example.com&kc=800")).toBe("/api/upload/[token]");
    expect(loggedPath("/api/upload/any-wrong-secret/extra")).toBe("/api/upload/[token]/extra");
  });

  it("masks a token anywhere in the path and cuts very long paths", () => {
    expect(loggedPath("/sessions/tls_abcdefghijklmnopqrstuvwxyz012345")).toBe("/sessions/tls_[token]");
    const long = loggedPath(`/${"a".repeat(5000)}`);
    expect(long.length).toBeLessThanOrEqual(201);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("redact", () => {
  it("masks bearer credentials and token-shaped strings in any text", () => {
    expect(redact('header "Authorization: Bearer abc.def"')).toBe('header "Authorization: Bearer [token]"');
    expect(redact("revoked tls_ABCDEFGH12345678 for user 3")).toBe("revoked tls_[token] for user 3");
  });
});

describe("accessLogLevel", () => {
  it("logs an accepted upload at debug (a phone sends one a second) and everything else at info", () => {
    expect(accessLogLevel("/api/upload/tls_abc?session=1&kc=800", 200)).toBe("debug");
    expect(accessLogLevel("/api/upload?session=1", 200)).toBe("debug");
    expect(accessLogLevel("/api/upload", 200)).toBe("debug");
    expect(accessLogLevel("/api/upload/tls_abc", 401)).toBe("info");
    expect(accessLogLevel("/api/upload/tls_abc", 503)).toBe("info");
    expect(accessLogLevel("/api/uploads-of-something-else", 200)).toBe("info");
    expect(accessLogLevel("/sessions", 200)).toBe("info");
    expect(accessLogLevel(undefined, 200)).toBe("info");
  });
});
