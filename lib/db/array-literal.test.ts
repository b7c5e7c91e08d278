import { describe, expect, it } from "vitest";
import { arrayLiteral, groupArrayLiteral, type LiteralElement } from "@/lib/db/array-literal";

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

describe("groupArrayLiteral", () => {
  const nestedTheLongWay = (entries: (LiteralElement | LiteralElement[])[]) =>
    arrayLiteral(entries.map((e) => (Array.isArray(e) ? arrayLiteral(e) : e)));

  it("writes scalars like arrayLiteral and each array as one quoted element holding its literal", () => {
    expect(groupArrayLiteral(["abc", 12, null, ["ff1005", "d"], [1.5, null], []])).toBe(
      '{"abc",12,NULL,"{\\"ff1005\\",\\"d\\"}","{1.5,NULL}","{}"}',
    );
  });

  it("escapes quotes and backslashes inside nested text twice, as PostgreSQL reads them back", () => {
    expect(groupArrayLiteral([['say "hi"', "C:\\"]])).toBe('{"{\\"say \\\\\\"hi\\\\\\"\\",\\"C:\\\\\\\\\\"}"}');
  });

  it("is the same string as nesting arrayLiteral, for random text, numbers and NULLs", () => {
    const alphabet = ['"', "\\", "{", "}", ",", " ", "a", "°", "N", "U", "L", "1", "."];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const text = () => Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    const element = (): LiteralElement => (random() < 0.2 ? null : random() < 0.5 ? (random() - 0.5) * 10 ** Math.floor(random() * 10) : text());
    for (let n = 0; n < 2_000; n++) {
      const entries = Array.from({ length: Math.floor(random() * 5) }, () =>
        random() < 0.5 ? element() : Array.from({ length: Math.floor(random() * 4) }, element),
      );
      expect(groupArrayLiteral(entries)).toBe(nestedTheLongWay(entries));
    }
  });

  it("refuses NaN and infinities at either level", () => {
    expect(() => groupArrayLiteral([Number.NaN])).toThrow(RangeError);
    expect(() => groupArrayLiteral([[1, Number.NEGATIVE_INFINITY]])).toThrow(RangeError);
  });
});
