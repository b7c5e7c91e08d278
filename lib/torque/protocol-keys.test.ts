/** Keys, values, metadata, profile, notice and request kinds of parseTorqueUpload. */
import { describe, expect, it } from "vitest";
import { uploadHasData, uploadHasMetadata } from "./protocol";
import { parseOk } from "./test-support";

describe("data values (k<pid>)", () => {
  it("normalises PID keys and parses decimal and exponent forms", () => {
    const u = parseOk([
      ["kff1005", "-121.46168616"],
      ["kFF1006", "38.41304312"],
      ["k0c", "800.5"],
      ["k5", "66.0"],
      ["kff1223", "7.0680253E-4"],
      ["k4", "1e5"],
      ["k11", ".5"],
      ["k2f", "+3"],
    ]);
    expect([...u.values]).toEqual([
      ["ff1005", -121.46168616],
      ["ff1006", 38.41304312],
      ["c", 800.5],
      ["5", 66],
      ["ff1223", 7.0680253e-4],
      ["4", 100000],
      ["11", 0.5],
      ["2f", 3],
    ]);
    expect(u.skipped).toEqual([]);
  });

  it("skips non-finite, empty and malformed values with a reason and keeps the rest", () => {
    const u = parseOk([
      ["kc", "NaN"],
      ["kd", "Infinity"],
      ["ke", "-Infinity"],
      ["kf", ""],
      ["k10", "12abc"],
      ["k11", "0x10"],
      ["k42", "1,5"],
      ["k5", "66.0"],
    ]);
    expect([...u.values]).toEqual([["5", 66]]);
    expect(u.skipped).toEqual([
      { key: "c", raw: "NaN", reason: "not-finite" },
      { key: "d", raw: "Infinity", reason: "not-finite" },
      { key: "e", raw: "-Infinity", reason: "not-finite" },
      { key: "f", raw: "", reason: "empty" },
      { key: "10", raw: "12abc", reason: "not-a-number" },
      { key: "11", raw: "0x10", reason: "not-a-number" },
      { key: "42", raw: "1,5", reason: "not-a-number" },
    ]);
    for (const v of u.values.values()) expect(Number.isFinite(v)).toBe(true);
  });

  it("lets the last duplicate win, also across spellings of one PID", () => {
    const u = parseOk([
      ["kff1005", "-121.1"],
      ["kc", "700"],
      ["kff1005", "-121.2"],
      ["k0C", "701"],
    ]);
    expect(u.values.get("ff1005")).toBe(-121.2);
    expect(u.values.get("c")).toBe(701);
    expect(u.values.size).toBe(2);
  });

  it("lets a later bad duplicate replace a good value, and a later good one replace a bad one", () => {
    const u = parseOk([["kc", "700"], ["kc", "NaN"], ["kd", "NaN"], ["kd", "30"]]);
    expect(u.values.has("c")).toBe(false);
    expect(u.skipped).toEqual([{ key: "c", raw: "NaN", reason: "not-finite" }]);
    expect(u.values.get("d")).toBe(30);
  });

  it.each(["k", "kxyz", "kff10051234567890abc", "k c", "K0c", "kc.1"])(
    "puts the k-key %j with an invalid hex suffix into ignoredKeys",
    (key) => {
      const u = parseOk([[key, "1"]]);
      expect(u.ignoredKeys).toEqual([key]);
      expect(u.values.size).toBe(0);
    },
  );
});

describe("metadata keys", () => {
  it("joins zero-padded metadata keys to unpadded data keys", () => {
    const u = parseOk([
      ["kc", "800"],
      ["defaultUnit0c", "rpm"],
      ["userUnit0C", "rpm"],
      ["userShortName0c", "Revs"],
      ["userFullName0c", "Engine RPM"],
    ]);
    for (const m of [u.defaultUnits, u.userUnits, u.shortNames, u.fullNames]) expect([...m.keys()]).toEqual(["c"]);
    expect([...u.values.keys()]).toEqual(["c"]);
    expect(u.fullNames.get("c")).toBe("Engine RPM");
  });

  it("keeps text exactly as given: raw UTF-8, spaces standing for slashes, blanks", () => {
    const u = parseOk([
      ["defaultUnitff1005", "°"],
      ["defaultUnit05", "°C"],
      ["defaultUnitff1001", "km h"],
      ["defaultUnit47", " "],
      ["defaultUnitff1007", ""],
      ["userShortNameff1257", "CO₂"],
      ["userFullNameff1258", "CO₂ in g km (Average)"],
    ]);
    expect(Object.fromEntries(u.defaultUnits)).toEqual({ ff1005: "°", "5": "°C", ff1001: "km h", "47": " ", ff1007: "" });
    expect(u.shortNames.get("ff1257")).toBe("CO₂");
    expect(u.fullNames.get("ff1258")).toBe("CO₂ in g km (Average)");
  });

  it("lets the last duplicate win in metadata too", () => {
    const u = parseOk([["userUnitff1001", "km/h"], ["userUnitff1001", "mph"]]);
    expect(u.userUnits.get("ff1001")).toBe("mph");
  });

  it.each(["defaultunit0c", "DefaultUnit0c", "userunitc", "USERFULLNAMEc", "userShortName", "userFullNamexyz", "defaultUnit-1"])(
    "ignores %j (prefixes are case-sensitive; the suffix must be hex)",
    (key) => {
      const u = parseOk([[key, "rpm"]]);
      expect(u.ignoredKeys).toEqual([key]);
      expect(uploadHasMetadata(u)).toBe(false);
    },
  );
});

describe("profile", () => {
  it("reads all profile fields", () => {
    const u = parseOk([
      ["profileName", "ManVan"],
      ["profileFuelType", "2"],
      ["profileWeight", "635.029296875"],
      ["profileVe", "85.0"],
      ["profileFuelCost", "0.607595682144165"],
    ]);
    expect(u.profile).toEqual({ name: "ManVan", fuelType: 2, weight: 635.029296875, ve: 85, fuelCost: 0.607595682144165 });
  });

  it("is null without any profile key", () => {
    expect(parseOk([["kc", "1"]]).profile).toBeNull();
  });

  it("leaves out bad numbers and an empty name but keeps the rest", () => {
    const u = parseOk([
      ["profileName", ""],
      ["profileFuelType", "diesel"],
      ["profileWeight", "NaN"],
      ["profileVe", ""],
      ["profileFuelCost", "1.5"],
    ]);
    expect(u.profile).toEqual({ fuelCost: 1.5 });
  });

  it("exists with only one profile key, even a bad one", () => {
    expect(parseOk([["profileWeight", "heavy"]]).profile).toEqual({});
    expect(parseOk([["profileName", "Car 2"]]).profile).toEqual({ name: "Car 2" });
  });
});

describe("notice", () => {
  it("reads the trip-start notice", () => {
    const u = parseOk([["notice", "Trip started"], ["noticeClass", "org.prowl.torque.map.notices.TripNotice"]]);
    expect(u.notice).toEqual({ text: "Trip started", noticeClass: "org.prowl.torque.map.notices.TripNotice" });
  });

  it("is null without notice keys, has a null class when the class is missing or empty", () => {
    expect(parseOk().notice).toBeNull();
    expect(parseOk([["notice", "Hello"]]).notice).toEqual({ text: "Hello", noticeClass: null });
    expect(parseOk([["notice", "Hello"], ["noticeClass", ""]]).notice).toEqual({ text: "Hello", noticeClass: null });
  });

  it("keeps a lone noticeClass with empty text rather than losing the event", () => {
    expect(parseOk([["noticeClass", "X"]]).notice).toEqual({ text: "", noticeClass: "X" });
  });
});

describe("unknown keys", () => {
  it("ignores user-added query parameters without failing, once each, in first-seen order", () => {
    const u = parseOk([["token", "abc"], ["kc", "1"], ["car", "van"], ["token", "def"], ["", "x"]]);
    expect(u.ignoredKeys).toEqual(["token", "car", ""]);
    expect(u.values.get("c")).toBe(1);
  });

  it("does not mistake look-alikes of known keys for them", () => {
    const u = parseOk([["Session", "1"], ["ID", "ff"], ["notices", "x"], ["profilename", "y"]]);
    expect(u.ignoredKeys).toEqual(["Session", "ID", "notices", "profilename"]);
    expect(u.notice).toBeNull();
    expect(u.profile).toBeNull();
  });
});

describe("request kinds", () => {
  it("keeps everything in a request that mixes data, notice, profile and metadata, even with the notice last", () => {
    const u = parseOk([
      ["kc", "800"],
      ["kff1005", "-121.4"],
      ["defaultUnit0c", "rpm"],
      ["userFullName0c", "Engine RPM"],
      ["profileName", "ManVan"],
      ["noticeClass", "org.prowl.torque.map.notices.TripNotice"],
      ["notice", "Trip started"],
    ]);
    expect(Object.fromEntries(u.values)).toEqual({ c: 800, ff1005: -121.4 });
    expect(u.defaultUnits.get("c")).toBe("rpm");
    expect(u.fullNames.get("c")).toBe("Engine RPM");
    expect(u.profile).toEqual({ name: "ManVan" });
    expect(u.notice?.text).toBe("Trip started");
    expect(uploadHasData(u)).toBe(true);
    expect(uploadHasMetadata(u)).toBe(true);
  });

  it("classifies single-kind requests", () => {
    const header = parseOk();
    expect([uploadHasData(header), uploadHasMetadata(header)]).toEqual([false, false]);
    const data = parseOk([["kc", "1"]]);
    expect([uploadHasData(data), uploadHasMetadata(data)]).toEqual([true, false]);
    const allBad = parseOk([["kc", "NaN"]]); // still a sample at a point in time
    expect([uploadHasData(allBad), uploadHasMetadata(allBad)]).toEqual([true, false]);
    for (const pair of [
      ["defaultUnitc", "rpm"],
      ["userUnitc", "rpm"],
      ["userShortNamec", "RPM"],
      ["userFullNamec", "Engine RPM"],
      ["profileVe", "85"],
      ["notice", "Trip started"],
    ] as [string, string][]) {
      const u = parseOk([pair]);
      expect([pair[0], uploadHasData(u), uploadHasMetadata(u)]).toEqual([pair[0], false, true]);
    }
  });
});
