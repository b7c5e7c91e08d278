import { describe, expect, it } from "vitest";
import { redact } from "@/lib/log";
import { loggedPath } from "./access-log";

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
