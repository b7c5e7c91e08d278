import { describe, expect, it } from "vitest";
import { MAX_PID_HEX_LENGTH, normalisePidKey } from "./pid-key";

describe("normalisePidKey", () => {
  it.each([
    ["0c", "c"],
    ["c", "c"],
    ["C", "c"],
    ["0C", "c"],
    ["FF1005", "ff1005"],
    ["ff1005", "ff1005"],
    ["Ff123B", "ff123b"],
    ["00", "0"],
    ["0", "0"],
    ["000", "0"],
    ["05", "5"],
    ["5", "5"],
    ["0d", "d"],
    ["2f", "2f"],
    ["222609", "222609"],
    ["fe1805", "fe1805"],
    ["010", "10"],
    ["ffffffffffffffff", "ffffffffffffffff"], // exactly 16 hex digits
    ["000000000000000c", "c"], // 16 raw digits, zero-padded
  ])("%s -> %s", (raw, expected) => {
    expect(normalisePidKey(raw)).toBe(expected);
  });

  it("makes the zero-padded metadata key and the unpadded data key equal (userUnit0c vs kc)", () => {
    expect(normalisePidKey("0c")).toBe(normalisePidKey("c"));
    expect(normalisePidKey("05")).toBe(normalisePidKey("5"));
  });

  it.each([
    ["", "empty"],
    ["g", "not hex"],
    ["xyz", "not hex"],
    ["0x10", "hex prefix is not part of a key"],
    [" c", "leading space"],
    ["c ", "trailing space"],
    ["-1", "sign"],
    ["1.5", "dot"],
    ["ff 1005", "inner space"],
    ["ｃ", "full-width letter"],
    ["0".repeat(17), "17 digits, even if all zeros"],
    ["1".repeat(MAX_PID_HEX_LENGTH + 1), "longer than 16 hex digits"],
  ])("%j -> null (%s)", (raw) => {
    expect(normalisePidKey(raw)).toBeNull();
  });
});
