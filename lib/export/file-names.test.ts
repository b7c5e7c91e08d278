import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { attachmentHeader, safeNamePart, sessionFileName, uniqueNamer } from "./file-names";

const trip = { startedAt: Date.UTC(2016, 2, 29, 13, 58, 18, 185), vehicle: "ManVan", torqueSession: "1459259898185" };

describe("sessionFileName", () => {
  it("is start (in the zone), vehicle and Torque's session number", () => {
    expect(sessionFileName(trip, "America/Los_Angeles", "csv")).toBe("2016-03-29_0658_ManVan_1459259898185.csv");
    expect(sessionFileName(trip, "UTC", "gpx")).toBe("2016-03-29_1358_ManVan_1459259898185.gpx");
    expect(sessionFileName({ ...trip, vehicle: null }, "UTC", "json")).toBe("2016-03-29_1358_1459259898185.json");
  });

  it("makes any vehicle name safe for every file system, keeping letters of any script", () => {
    expect(sessionFileName({ ...trip, vehicle: 'My "Car": <A/B\\C>?*|' }, "UTC", "csv")).toBe("2016-03-29_1358_My-Car-A-B-C_1459259898185.csv");
    expect(safeNamePart("Škoda Octavia 1.9 TDI")).toBe("Škoda-Octavia-1.9-TDI");
    expect(safeNamePart("トヨタ")).toBe("トヨタ");
    expect(safeNamePart("...")).toBe("");
    expect(safeNamePart("a".repeat(100))).toHaveLength(40);
    expect(safeNamePart("../../etc/passwd")).toBe("etc-passwd");
  });

  it("never yields a path, a reserved character or a trailing dot, whatever the name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (vehicle) => {
        const name = sessionFileName({ ...trip, vehicle }, "UTC", "csv");
        expect(name).not.toMatch(/[\\/:*?"<>|\u0000-\u001f]/);
        expect(name).toMatch(/^2016-03-29_1358_.*1459259898185\.csv$/);
      }),
    );
  });
});

describe("uniqueNamer", () => {
  it("numbers repeats before the extension, case-insensitively", () => {
    const name = uniqueNamer();
    expect(name("a.csv")).toBe("a.csv");
    expect(name("a.csv")).toBe("a-2.csv");
    expect(name("A.csv")).toBe("A-3.csv");
    expect(name("b")).toBe("b");
    expect(name("b")).toBe("b-2");
  });
});

describe("attachmentHeader", () => {
  it("gives an ASCII fallback and the exact UTF-8 name", () => {
    expect(attachmentHeader("2016-03-29_0658_ManVan_1.csv")).toBe(`attachment; filename="2016-03-29_0658_ManVan_1.csv"; filename*=UTF-8''2016-03-29_0658_ManVan_1.csv`);
    expect(attachmentHeader("Škoda's trip.csv")).toBe(`attachment; filename="Skoda's trip.csv"; filename*=UTF-8''S%CC%8Ckoda%27s%20trip.csv`.replace("S%CC%8C", "%C5%A0"));
    expect(attachmentHeader('a"b.csv')).toContain('filename="a_b.csv"');
  });
});
