import { describe, expect, it } from "vitest";
import { defaultPids, parseViewState, viewQuery } from "./view-state";

const keys = new Set(["d", "c", "5", "ff1001"]);

describe("the view in the URL", () => {
  it("round-trips PIDs and the zoomed range", () => {
    const state = { pids: ["d", "c"], from: 1459260000000, to: 1459260600000 };
    expect(viewQuery(state)).toBe("?pids=d,c&from=1459260000000&to=1459260600000");
    expect(parseViewState(new URLSearchParams(viewQuery(state)), keys, [])).toEqual(state);
  });

  it("drops unknown or malformed PIDs and a reversed range", () => {
    expect(parseViewState({ pids: "D,zz,nothere,5,5", from: "20", to: "10" }, keys, ["d"])).toEqual({ pids: ["d", "5"], from: null, to: null });
    expect(parseViewState({ from: "abc" }, keys, ["d"])).toEqual({ pids: ["d"], from: null, to: null });
  });

  it("charts favourites by default, else speed and RPM", () => {
    expect(defaultPids(["d", "c", "5"], ["5", "x"])).toEqual(["5"]);
    expect(defaultPids(["ff1006", "ff1005", "d", "c", "ff1001"], [])).toEqual(["d", "c"]);
    expect(defaultPids(["ff1006", "ff1005", "ff1001"], [])).toEqual(["ff1001"]);
    expect(defaultPids(["ff1006", "ff1005", "a", "b", "e"], [])).toEqual(["a", "b"]);
  });
});
