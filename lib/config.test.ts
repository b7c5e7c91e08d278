import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseByteSize } from "./config";

describe("loadConfig", () => {
  it("has defaults for every limit", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      UPLOAD_MAX_BODY_BYTES: 65536,
      UPLOAD_MAX_KEYS: 1000,
      UPLOAD_RATE_PER_S: 200,
      UPLOAD_RATE_BURST: 1000,
      UPLOAD_TIMEOUT_MS: 10_000,
      IMPORT_MAX_BYTES: 100 * 1024 * 1024,
      EXPORT_MAX_CONCURRENT: 2,
      DB_POOL_SIZE: 10,
      API_RATE_PER_SECOND: 20,
      API_RATE_BURST: 60,
      SHUTDOWN_TIMEOUT_MS: 10_000,
    });
  });

  it("reads sizes written with units", () => {
    expect(loadConfig({ UPLOAD_MAX_BODY_BYTES: "128KiB", IMPORT_MAX_BYTES: "2GB" })).toMatchObject({
      UPLOAD_MAX_BODY_BYTES: 131072,
      IMPORT_MAX_BYTES: 2_000_000_000,
    });
    expect(parseByteSize("1.5m")).toBe(1572864);
    expect(parseByteSize("12 parsecs")).toBeNaN();
  });

  it("names every invalid variable with the reason", () => {
    const attempt = () =>
      loadConfig({ UPLOAD_RATE_PER_S: "-1", EXPORT_MAX_CONCURRENT: "two", IMPORT_MAX_BYTES: "lots", UPLOAD_MAX_KEYS: "100" });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain("UPLOAD_RATE_PER_S");
    expect(message).toContain("EXPORT_MAX_CONCURRENT");
    expect(message).toMatch(/IMPORT_MAX_BYTES: must be a size such as/);
    expect(message).toMatch(/UPLOAD_MAX_KEYS: .*500/);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ UPLOAD_RATE_BURST: "" }).UPLOAD_RATE_BURST).toBe(1000);
  });
});
