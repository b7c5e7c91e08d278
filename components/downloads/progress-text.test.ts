import { describe, expect, it } from "vitest";
import { describeProgress, formatBytes } from "./progress-text";

describe("download progress text", () => {
  it("formats sizes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(250 * 1024 * 1024)).toBe("250 MB");
    expect(formatBytes(3.2 * 1024 ** 3)).toBe("3.2 GB");
  });

  it("says where a download is", () => {
    expect(describeProgress(null)).toBe("Preparing the download…");
    expect(describeProgress({ state: "running", total: 1200, done: 3, bytes: 5 * 1024 * 1024 })).toBe("Downloading: 3 of 1,200 sessions · 5.0 MB");
    expect(describeProgress({ state: "running", total: null, done: 1, bytes: 10 })).toBe("Downloading: 1 session · 10 B");
    expect(describeProgress({ state: "done", total: 1, done: 1, bytes: 2048 })).toBe("Download complete: 1 session, 2.0 KB.");
    expect(describeProgress({ state: "cancelled", total: 10, done: 4, bytes: 1 })).toBe("Download cancelled after 4 of 10 sessions.");
    expect(describeProgress({ state: "failed", total: 10, done: 4, bytes: 1 })).toMatch(/^Download failed/);
  });
});
