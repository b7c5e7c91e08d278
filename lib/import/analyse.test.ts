import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_DIR } from "@/lib/tracklog/fixture.testutil";
import { analyseTrackLog, type AnalyseOptions } from "./analyse";
import { buildCatalogue, customPidKey } from "./columns";
import { ImportFileError } from "./csv-rows";
import { readTrackLog } from "./tracklog-reader";

const NOW = Date.UTC(2026, 0, 1);

function source(content: string | Uint8Array, chunk = 64): () => AsyncIterable<Uint8Array> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return async function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  };
}

const options = (timeZone = "UTC"): AnalyseOptions => ({ timeZone, nowMs: NOW, maxLineBytes: 4096, catalogue: buildCatalogue([], null) });
const analyse = (content: string | Uint8Array, timeZone = "UTC") => analyseTrackLog(source(content), options(timeZone));

/** Every usable row of a file as { time, key: value }. */
async function samples(content: string, timeZone = "UTC") {
  const analysis = await analyse(content, timeZone);
  const out: Record<string, number | null>[] = [];
  const events = readTrackLog(source(content)(), { ...options(timeZone), encoding: analysis.encoding, planFor: (_, i) => analysis.sections[i].plan });
  for await (const e of events) {
    if (e.type !== "row") continue;
    const plan = analysis.sections[e.section].plan;
    out.push({ time: e.time, ...Object.fromEntries(plan.keys.map((k, i) => [k, e.values[i]])) });
  }
  return out;
}

const NEW_HEADER = "GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G),Engine Coolant Temperature(°F)";
const row = (gps: string, device: string, coolantF: string) => `${gps},${device},-121.46,38.41,25.2,4.0,-51.0,109.5,0.97,0.14,-0.16,${coolantF}`;

describe("analyseTrackLog + readTrackLog: formats", () => {
  it("reads a file with BOM, leading spaces in header cells, '-' as missing and °F back to °C", async () => {
    const file = `\uFEFF${NEW_HEADER}\n${row("Tue Mar 29 06:58:19 PDT 2016", "29-Mar-2016 06:58:18.846", "212")}\n${row("-", "29-Mar-2016 06:58:19.840", "-")}\n`;
    const rows = await samples(file, "America/Los_Angeles");
    expect(rows.map((r) => r.time)).toEqual([Date.UTC(2016, 2, 29, 13, 58, 18, 846), Date.UTC(2016, 2, 29, 13, 58, 19, 840)]);
    expect(rows[0]["5"]).toBeCloseTo(100, 10);
    expect(rows[1]["5"]).toBeNull();
    expect(rows[0].ff1005).toBe(-121.46);
    expect(rows[0][customPidKey("Gravity X")]).toBe(0.97);
  });

  it("falls back to GPS Time, with zone names or GMT+08:00, when Device Time is missing", async () => {
    const file = `${NEW_HEADER}\n${row("Wed Feb 23 06:37:13 GMT+08:00 2022", "-", "100")}\n${row("Wed Feb 23 06:37:14 CEST 2022", "-", "100")}\n`;
    const rows = await samples(file, "Asia/Tokyo");
    expect(rows.map((r) => r.time)).toEqual([Date.UTC(2022, 1, 22, 22, 37, 13), Date.UTC(2022, 1, 23, 4, 37, 14)]);
  });

  it("reads Device Time with localised month names in the chosen zone", async () => {
    const file = `GPS Time,Device Time,Engine RPM(rpm)\n-,29-Mär-2016 06:58:18.846,800\n-,03-déc.-2016 23:59:59.5,900\n-,1-mai-2017 00:00:00,1000\n`;
    const rows = await samples(file, "Europe/Berlin");
    expect(rows.map((r) => r.time)).toEqual([Date.UTC(2016, 2, 29, 4, 58, 18, 846), Date.UTC(2016, 11, 3, 22, 59, 59, 500), Date.UTC(2017, 3, 30, 22)]);
    expect(rows.map((r) => r.c)).toEqual([800, 900, 1000]);
  });

  it("reads both generations of fixed columns; each header starts another trip", async () => {
    const file = [
      "GPS Time, Device Time, Longitude, Latitude, GPS Speed (Meters/second), Horizontal Dilution of Precision, Altitude, Bearing, G(x), G(y), G(z), G(calibrated)",
      "-,01-Jan-2015 10:00:00.000,1.5,2.5,10,3,100,90,0.1,0.2,0.3,1",
      NEW_HEADER,
      row("-", "02-Jan-2015 10:00:00.000", "32"),
    ].join("\n");
    const analysis = await analyse(file);
    expect(analysis.sections.map((s) => [s.headerLine, s.rowsUsed])).toEqual([[1, 1], [3, 1]]);
    const rows = await samples(file);
    expect(rows[0].ff1001).toBeCloseTo(36, 10);
    expect(rows[0][customPidKey("Gravity X")]).toBe(0.1);
    expect(rows[1][customPidKey("Gravity X")]).toBe(0.97);
    expect(rows[1]["5"]).toBeCloseTo(0, 10);
  });

  it("rejects single rows with their line and reason: a cut-off last line, an unreadable time", async () => {
    const good = (i: number) => row("-", `29-Mar-2016 06:58:${String(10 + i).padStart(2, "0")}.000`, "200");
    const file = [NEW_HEADER, good(1), good(2), good(3), good(4), good(5), row("-", "yesterday", "200"), good(6), "-,29-Mar-2016 06:59:00.000,-121.4"].join("\n");
    const analysis = await analyse(file);
    expect(analysis.sections[0].rowsUsed).toBe(6);
    expect(analysis.rejectedCount).toBe(2);
    expect(analysis.rejected).toEqual([
      { line: 7, reason: 'no readable time (Device Time "yesterday", GPS Time missing)' },
      { line: 9, reason: "3 cells where the header has 12 (a cut-off line?)" },
    ]);
  });

  it("warns when Device Time in the chosen zone disagrees with GPS Time", async () => {
    const file = `${NEW_HEADER}\n${row("Tue Mar 29 06:58:19 PDT 2016", "29-Mar-2016 06:58:18.846", "212")}\n`;
    expect((await analyse(file, "America/Los_Angeles")).warnings).toEqual([]);
    const [warning] = (await analyse(file, "UTC")).warnings;
    expect(warning).toBe(
      "Device Time read in UTC is 7 h behind GPS Time (trip from line 1): the phone's clock was at UTC\u221207:00, UTC at UTC+00:00 on that date. Import the file again choosing the phone's time zone.",
    );
    const [berlin] = (await analyse(file, "Europe/Berlin")).warnings;
    expect(berlin).toMatch(/is 9 h behind GPS Time .* the phone's clock was at UTC\u221207:00, Europe\/Berlin at UTC\+02:00 on that date/);
  });

  it("reads a Windows-1252 file and says so", async () => {
    const text = `GPS Time,Device Time,Engine Coolant Temperature(\u00b0F)\n-,29-Mar-2016 06:58:18.846,212\n`;
    const bytes = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    const analysis = await analyse(bytes);
    expect(analysis.encoding).toBe("windows-1252");
    expect(analysis.warnings[0]).toMatch(/not UTF-8/);
    expect(analysis.sections[0].plan.keys).toEqual(["5"]);
  });
});

describe("analyseTrackLog: files refused whole", () => {
  const rows5 = Array.from({ length: 5 }, (_, i) => row("-", `29-Mar-2016 06:58:1${i}.000`, "200"));
  it.each<[string, string | Uint8Array, RegExp]>([
    ["empty", "", /empty/],
    ["not a Torque CSV", "name,age\nalice,3\n", /No Torque log header found/],
    ["JSON", '{"gps": [1,2,3]}', /No Torque log header found/],
    ["header only", `${NEW_HEADER}\n`, /header but no data rows/],
    ["columns that do not line up", `${NEW_HEADER}\n1,2,3\n${rows5.join("\n")}`, /Line 2 does not line up with the header on line 1: 3 cells where the header has 12/],
    ["mostly unusable rows", `${NEW_HEADER}\n${rows5.join("\n")}\n${Array.from({ length: 6 }, () => row("-", "bad", "1")).join("\n")}`, /Most data rows could not be used \(6 of 11\)/],
    ["no time column", "Longitude,Latitude,Altitude\n1,2,3\n", /neither a GPS Time nor a Device Time column/],
    ["binary", new Uint8Array([0x47, 0x50, 0x53, 0x00, 0x01]), /NUL bytes/],
    ["a gigantic line", `${NEW_HEADER}\n${"9,".repeat(4000)}`, /Line 2 is longer than 4 KB/],
  ])("%s", async (_, content, message) => {
    const attempt = analyse(content);
    await expect(attempt).rejects.toBeInstanceOf(ImportFileError);
    await expect(analyse(content)).rejects.toThrow(message);
  });
});

describe.skipIf(FIXTURE_DIR === null)("the fixture trip", () => {
  it("is one trip of 2,580 rows from 06:58:18.846 PDT, every row usable", async () => {
    const bytes = readFileSync(path.join(FIXTURE_DIR ?? "", "surfrock66-trip-2016-03-29.torque-export.csv"));
    const analysis = await analyseTrackLog(source(bytes, 65536), { ...options("America/Los_Angeles"), maxLineBytes: 256 * 1024 });
    expect(analysis.sections).toHaveLength(1);
    const [s] = analysis.sections;
    expect([s.rowsRead, s.rowsUsed, analysis.rejectedCount]).toEqual([2580, 2580, 0]);
    expect(s.firstTime).toBe(1459259898846);
    expect(s.lastTime).toBe(Date.UTC(2016, 2, 29, 14, 42, 5, 108));
    expect(analysis.warnings).toEqual([]);
    // Columns that are "-" all trip long stay out of the session's column list.
    expect(s.keyHasValues.filter(Boolean).length).toBeLessThan(s.plan.keys.length);
  });
});
