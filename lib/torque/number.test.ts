import { describe, expect, it } from "vitest";
import { parseStrictNumber, parseUnsignedInteger } from "./number";

describe("parseStrictNumber", () => {
  it.each([
    ["66.0", 66],
    ["-121.46168616", -121.46168616],
    ["38.41304312", 38.41304312],
    ["7.0680253E-4", 7.0680253e-4],
    ["-4.8828125E-4", -4.8828125e-4],
    ["1e5", 100000],
    ["1E+5", 100000],
    ["2.5e-3", 0.0025],
    [".5", 0.5],
    ["-.5", -0.5],
    ["5.", 5],
    ["+3", 3],
    ["0", 0],
    ["007", 7],
    ["1459259898185", 1459259898185],
  ])("%s -> %d", (raw, expected) => {
    expect(parseStrictNumber(raw)).toEqual({ ok: true, value: expected });
  });

  it("turns -0 into 0", () => {
    const r = parseStrictNumber("-0.0");
    expect(r.ok && Object.is(r.value, 0)).toBe(true);
  });

  it.each(["NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "-INF", "1e999", "-1e400"])(
    "%s is not finite",
    (raw) => {
      expect(parseStrictNumber(raw)).toEqual({ ok: false, reason: "not-finite" });
    },
  );

  it("reports an empty string as empty", () => {
    expect(parseStrictNumber("")).toEqual({ ok: false, reason: "empty" });
  });

  it.each([
    "12abc", // parseFloat would say 12
    "0x10", // Number would say 16
    "0b1",
    "0o7",
    "1,5", // decimal comma
    "1_000",
    " ", // Number would say 0
    " 1",
    "1 ",
    "+",
    "-",
    ".",
    "e5",
    "1e",
    "1e+",
    "1.2.3",
    "--1",
    "+-1",
    "abc",
    "Infinityx",
    "١٢", // Arabic-Indic digits
    "1e5.5",
  ])("%j is not a number", (raw) => {
    expect(parseStrictNumber(raw)).toEqual({ ok: false, reason: "not-a-number" });
  });
});

describe("parseUnsignedInteger", () => {
  it.each([
    ["1459259898185", 1459259898185],
    ["0", 0],
    ["8", 8],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
  ])("%s -> %d", (raw, expected) => {
    expect(parseUnsignedInteger(raw)).toBe(expected);
  });

  it.each(["", " 1", "1 ", "+1", "-1", "1.0", "1e12", "0x1", "abc", "9007199254740992", "1".repeat(30)])(
    "%j -> null",
    (raw) => {
      expect(parseUnsignedInteger(raw)).toBeNull();
    },
  );
});
