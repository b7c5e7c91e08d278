import { describe, expect, it } from "vitest";
import { arrayLiteral } from "@/lib/db/array-literal";

describe("arrayLiteral", () => {
  it("quotes every text element, so NULL, braces, commas and spaces stay text", () => {
    expect(arrayLiteral(["ff1005", "NULL", "a,b", "{x}", " y ", ""])).toBe('{"ff1005","NULL","a,b","{x}"," y ",""}');
  });

  it("escapes backslashes and double quotes", () => {
    expect(arrayLiteral(['say "hi"', "C:\\dir\\"])).toBe('{"say \\"hi\\"","C:\\\\dir\\\\"}');
  });

  it("writes SQL NULL for null and numbers as JavaScript prints them (float8in reads all of them)", () => {
    expect(arrayLiteral([1.5, -0.001, 1e21, 5e-324, null, 0])).toBe("{1.5,-0.001,1e+21,5e-324,NULL,0}");
  });

  it("keeps non-ASCII text as is (the statement is sent as UTF-8)", () => {
    expect(arrayLiteral(["°C", "Geschwindigkeit über Grund"])).toBe('{"°C","Geschwindigkeit über Grund"}');
  });

  it("writes the empty array as {}", () => {
    expect(arrayLiteral([])).toBe("{}");
  });

  it("refuses NaN and infinities, which a sample never holds", () => {
    expect(() => arrayLiteral([Number.NaN])).toThrow(RangeError);
    expect(() => arrayLiteral([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});
