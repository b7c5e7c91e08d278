import { describe, expect, it } from "vitest";
import { activePreset, datePresets, downloadQuery, filterParams, listHref, listIdentity } from "./list-url";

describe("list URLs", () => {
  it("drops the cursor on any change but a page change, and leaves defaults out", () => {
    const params = { q: "coast", cursor: "abc", sort: "distance", limit: "25" };
    expect(listHref(params, { sort: "start", order: "desc" })).toBe("/?limit=25&q=coast");
    expect(listHref(params, { cursor: "next" })).toBe("/?cursor=next&limit=25&q=coast&sort=distance");
    expect(listHref(params, { limit: "50", q: null })).toBe("/?sort=distance");
    expect(listHref({ sort: "name", order: "asc" }, {})).toBe("/?sort=name");
    expect(listHref({ sort: "name", order: "desc" }, {})).toBe("/?order=desc&sort=name");
  });

  it("separates the filter from sorting and paging", () => {
    const params = { q: "x", hasGps: "true", sort: "duration", cursor: "c", limit: "100", junk: "1" };
    expect(filterParams(params)).toEqual({ q: "x", hasGps: "true" });
    expect(listIdentity(params)).toBe(listIdentity({ ...params, cursor: "other", limit: "25" }));
    expect(listIdentity(params)).not.toBe(listIdentity({ ...params, order: "asc" }));
  });

  it("hands downloads ids or the filter with all=1", () => {
    expect(downloadQuery({ kind: "ids", ids: [3, 1, 2] })).toEqual([["ids", "3,1,2"]]);
    expect(downloadQuery({ kind: "all", filter: { tag: "work" } })).toEqual([["tag", "work"], ["all", "1"]]);
  });

  it("builds date presets as local days", () => {
    // 2024-03-05 01:30 in Tokyo is still 4 March in UTC.
    const now = Date.UTC(2024, 2, 4, 16, 30);
    expect(datePresets(now, "Asia/Tokyo")).toEqual({
      today: { from: "2024-03-05", to: "2024-03-05" },
      last7: { from: "2024-02-28", to: "2024-03-05" },
      month: { from: "2024-03-01", to: "2024-03-05" },
    });
    const presets = datePresets(now, "UTC");
    expect(activePreset({ from: "2024-03-01", to: "2024-03-04" }, presets)).toBe("month");
    expect(activePreset({ from: "2024-03-02", to: "2024-03-04" }, presets)).toBeNull();
  });
});
