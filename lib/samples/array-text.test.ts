import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cellText, elementCount, elementText, parseIntegerArrayText, rowBlock, rowCells, scanArrayText } from "./array-text";

/** What PostgreSQL prints for a float array element. */
const element = fc.oneof(
  fc.double().map((v) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v))),
  fc.constant("NULL"),
  fc.constantFrom("1e-05", "-0", "3.4028235e+38", "-1.17549435e-38"),
);

describe("scanArrayText", () => {
  it("locates every element of any array text, absent for NULL, NaN and ±Infinity", () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 60 }), (elements) => {
        const array = scanArrayText(`{${elements.join(",")}}`);
        expect(elementCount(array)).toBe(elements.length);
        const expected = elements.map((e) => (e === "NULL" || e === "NaN" || e === "Infinity" || e === "-Infinity" ? null : e));
        expect(elements.map((_, i) => elementText(array, i))).toEqual(expected);
        expect(array.longest).toBe(Math.max(0, ...elements.map((e) => e.length)));
      }),
      { numRuns: 2000 },
    );
  });

  it("has no elements for an empty array or no array", () => {
    expect(elementCount(scanArrayText("{}"))).toBe(0);
    expect(elementCount(scanArrayText(null))).toBe(0);
  });
});

describe("text rows", () => {
  it("reads a hot row's values, absent past its width (PIDs that joined later)", () => {
    const row = { time: 0, block: rowBlock(scanArrayText("{1.5,NULL,-2}")), r: 0 };
    expect(rowCells(row, 5)).toEqual(["1.5", null, "-2", null, null]);
    expect(rowCells(row, 2)).toEqual(["1.5", null]);
    expect(cellText(row, -1)).toBeNull();
  });
});

describe("parseIntegerArrayText", () => {
  it("reads any integer array's text", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 700 }), (values) => {
        expect(parseIntegerArrayText(`{${values.join(",")}}`)).toEqual(values);
      }),
      { numRuns: 1000 },
    );
  });
});
