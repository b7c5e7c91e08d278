import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/http/errors";
import { dateRange, decodeCursor, encodeCursor, hasActiveFilter, parseDateParam, parseSessionFilter, parseSessionListQuery } from "./list-model";

describe("list parameters", () => {
  it("fills defaults and normalises values", () => {
    const q = parseSessionListQuery({ hasPid: "k0D", hasGps: "yes", live: "0", minSamples: "10", q: "  coast  ", utm: "ignored" });
    expect(q).toMatchObject({ sort: "start", limit: 50, hasPid: "d", hasGps: true, live: false, minSamples: 10, q: "coast" });
    expect(q.order).toBeUndefined();
    expect("utm" in q).toBe(false);
  });

  it("takes the first of repeated parameters and treats blanks as absent", () => {
    expect(parseSessionListQuery({ sort: ["distance", "name"], q: "", tag: " " })).toMatchObject({ sort: "distance", q: undefined, tag: undefined });
    expect(parseSessionListQuery(new URLSearchParams("limit=10&limit=20")).limit).toBe(10);
  });

  it("names the bad field in a 400", () => {
    const attempt = (raw: Record<string, string>): [number, string | undefined, string] | null => {
      try {
        parseSessionFilter(raw);
        return null;
      } catch (e) {
        if (e instanceof AppError) return [e.status, e.details.field, e.message];
        throw e;
      }
    };
    expect(attempt({ minDurationS: "-3" })).toEqual([400, "minDurationS", "minDurationS cannot be negative."]);
    expect(attempt({ from: "2024-04-31" })?.[1]).toBe("from");
    expect(attempt({ from: "2024-03-02", to: "2024-03-01" })?.[1]).toBe("to");
    expect(attempt({ from: "2024-03-02", to: "2024-03-02" })).toBeNull();
  });

  it("knows which parameters filter", () => {
    expect(hasActiveFilter(parseSessionFilter({}))).toBe(false);
    expect(hasActiveFilter(parseSessionFilter({ hasGps: "false" }))).toBe(true);
  });
});

describe("dates", () => {
  it("accepts calendar days and zoned date-times only", () => {
    expect(parseDateParam("2024-02-29")).toEqual({ kind: "date", year: 2024, month: 2, day: 29 });
    expect(parseDateParam("2023-02-29")).toBeNull();
    expect(parseDateParam("2024-03-01T10:00:00.5+02:00")).toEqual({ kind: "instant", ms: Date.UTC(2024, 2, 1, 8, 0, 0, 500) });
    expect(parseDateParam("2024-02-30T10:00Z")).toBeNull();
    expect(parseDateParam("2024-03-01 10:00")).toBeNull();
    expect(parseDateParam("1709287200000")).toBeNull();
  });

  it("reads days in the zone, the whole 'to' day included, across a DST change", () => {
    // 31 March 2024: Berlin springs forward, the day has 23 hours.
    expect(dateRange("2024-03-31", "2024-03-31", "Europe/Berlin")).toEqual({
      fromMs: Date.UTC(2024, 2, 30, 23),
      toMs: Date.UTC(2024, 2, 31, 22),
    });
    expect(dateRange(undefined, "2024-03-01T12:00:00Z", "Europe/Berlin")).toEqual({ fromMs: undefined, toMs: Date.UTC(2024, 2, 1, 12) + 1 });
  });
});

describe("cursor", () => {
  it("round-trips and belongs to one sort and order", () => {
    const c = { sort: "name" as const, order: "asc" as const, dir: "next" as const, value: "ölfilter – día", id: 42 };
    const token = encodeCursor(c);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token, "name", "asc")).toEqual(c);
    expect(() => decodeCursor(token, "name", "desc")).toThrow(AppError);
    expect(() => decodeCursor(token, "vehicle", "asc")).toThrow(AppError);
  });

  it("refuses a value of the wrong type for the sort", () => {
    const forged = encodeCursor({ sort: "samples", order: "desc", dir: "next", value: 12.5, id: 1 });
    expect(() => decodeCursor(forged, "samples", "desc")).toThrow(/cursor is not valid/);
    const start = encodeCursor({ sort: "start", order: "desc", dir: "prev", value: null, id: 1 });
    expect(() => decodeCursor(start, "start", "desc")).toThrow(AppError);
    expect(decodeCursor(encodeCursor({ sort: "distance", order: "desc", dir: "prev", value: null, id: 7 }), "distance", "desc").value).toBeNull();
  });
});
