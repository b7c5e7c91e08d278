import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/http/errors";
import { downloadOptionsSchema, MAX_EXPORT_IDS, parseOrThrow, parseSessionIds, resolveExportOptions, sessionDownloadSchema } from "./options";

const failure = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("did not throw");
};

describe("parseSessionIds", () => {
  it("reads comma lists, repeats and numbers; de-duplicates in order", () => {
    expect(parseSessionIds(["3,1", "2", " 3 ", "1,,4"])).toEqual([3, 1, 2, 4]);
    expect(parseSessionIds([5, 6, 5])).toEqual([5, 6]);
  });

  it("refuses an empty selection with 400", () => {
    for (const raw of [[], [""], [",,"]]) {
      const e = failure(() => parseSessionIds(raw));
      expect([e.status, e.details.field]).toEqual([400, "ids"]);
    }
  });

  it("refuses ids that are not positive 32-bit integers with 400", () => {
    for (const bad of ["0", "-1", "1.5", "abc", "2147483648", "1e3"]) expect(failure(() => parseSessionIds([bad])).status).toBe(400);
  });

  it("refuses more than 5,000 ids with 413 pointing to the filter", () => {
    const ids = Array.from({ length: MAX_EXPORT_IDS + 1 }, (_, i) => i + 1);
    const e = failure(() => parseSessionIds([ids.join(",")]));
    expect(e.status).toBe(413);
    expect(e.message).toMatch(/5,000.*filter/);
    expect(parseSessionIds(ids.slice(0, MAX_EXPORT_IDS))).toHaveLength(MAX_EXPORT_IDS);
  });
});

describe("download options", () => {
  it("defaults to stored units and the user's zone, else UTC", () => {
    const none = parseOrThrow(downloadOptionsSchema, {});
    expect(resolveExportOptions(none, { timeZone: "Europe/Berlin", unitSystem: "imperial" })).toEqual({ units: "stored", unitSystem: "imperial", timeZone: "Europe/Berlin" });
    expect(resolveExportOptions(none, { timeZone: null, unitSystem: "metric" }).timeZone).toBe("UTC");
    expect(resolveExportOptions(none, { timeZone: "Not/AZone", unitSystem: "metric" }).timeZone).toBe("UTC");
    const asked = parseOrThrow(downloadOptionsSchema, { units: "display", tz: "Asia/Tokyo" });
    expect(resolveExportOptions(asked, { timeZone: "Europe/Berlin", unitSystem: "metric" })).toEqual({ units: "display", unitSystem: "metric", timeZone: "Asia/Tokyo" });
  });

  it("names the bad field", () => {
    expect(failure(() => parseOrThrow(downloadOptionsSchema, { tz: "Mars/Base" })).details.field).toBe("tz");
    expect(failure(() => parseOrThrow(downloadOptionsSchema, { units: "metric" })).details.field).toBe("units");
    expect(failure(() => parseOrThrow(sessionDownloadSchema, { format: "xlsx" })).details.field).toBe("format");
    expect(parseOrThrow(sessionDownloadSchema, {}).format).toBe("csv");
  });
});
