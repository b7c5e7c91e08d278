import { describe, expect, it } from "vitest";
import fc from "fast-check";
import Papa from "papaparse";
import { csvCell, csvLine } from "./csv";

describe("csvCell / csvLine", () => {
  it("leaves plain text alone, as Torque writes it", () => {
    expect(csvCell("Engine RPM(rpm)")).toBe("Engine RPM(rpm)");
    expect(csvCell("-")).toBe("-");
    expect(csvCell(" Device Time")).toBe(" Device Time");
    expect(csvCell("")).toBe("");
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
    expect(csvLine(["a", "b,c", ""])).toBe('a,"b,c",\n');
  });

  it("any cells survive a round trip through papaparse", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map(csvLine).join("");
        const parsed = Papa.parse<string[]>(text, { delimiter: ",", newline: "\n" });
        // papaparse reads a final line end as one more, empty row.
        expect(parsed.data.slice(0, rows.length)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
