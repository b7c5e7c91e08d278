import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import Papa from "papaparse";
import { collectPidMetadata } from "@/lib/tracklog/pid-metadata";
import { FIXTURE_DIR, readFixtureCsv, readFixtureRequests } from "@/lib/tracklog/fixture.testutil";
import { nameMatchKey, normalisePidKey, parseCellValue, parseDeviceTime, parseGpsTime, parseHeader, splitTrackLog } from "@/lib/tracklog";
import { canConvert, normaliseUnit, sameUnit } from "@/lib/units";
import type { PidInfo } from "./columns";
import { scanArrayText, type TextBlock } from "@/lib/samples/array-text";
import { textRows } from "@/lib/samples/array-text.testutil";
import { trackLogLayout, trackLogRowWriter, type TrackLogLayout } from "./tracklog-csv";

const LA = "America/Los_Angeles";
const STORED = { units: "stored" } as const;
const FIXED_HEADER =
  "GPS Time, Device Time, Longitude, Latitude,GPS Speed(km/h), Horizontal Dilution of Precision, Altitude(m), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G)";

type Row = { time: number; cells: (string | null)[] };

/** The lines the writer makes of these rows (as hot rows: one array's text each). */
function linesOf(layout: TrackLogLayout, rows: Row[]): string {
  return Buffer.concat(trackLogRowWriter(layout)(textRows(rows))).toString("utf8");
}

function csvOf(keys: string[], meta: Map<string, PidInfo>, rows: Row[], choice: Parameters<typeof trackLogLayout>[2] = STORED, tz = LA) {
  const layout = trackLogLayout(keys, meta, choice, tz);
  return { layout, text: layout.header + linesOf(layout, rows) };
}

describe("trackLogLayout", () => {
  it("writes Torque's fixed columns byte for byte, then one Name(unit) per PID sorted by name", () => {
    const { layout } = csvOf(["c", "5", "ff1005"], new Map(), []);
    expect(layout.header).toBe(`${FIXED_HEADER},Engine Coolant Temperature(°C),Engine RPM(rpm),GPS Longitude(°)\n`);
    expect(layout.columns.map((c) => c.key)).toEqual(["5", "c", "ff1005"]);
  });

  it("keeps only the asked-for PIDs' own columns, and the fixed columns still filled from the session's values", () => {
    const layout = trackLogLayout(["c", "5", "ff1005"], new Map(), STORED, "UTC", ["c"]);
    expect(layout.header).toBe(`${FIXED_HEADER},Engine RPM(rpm)\n`);
    const line = linesOf(layout, [{ time: Date.UTC(2024, 0, 2, 8), cells: ["900", "85", "13.4"] }]);
    const cells = line.trimEnd().split(",");
    expect(cells[2]).toBe("13.4"); // Longitude = GPS Longitude (ff1005), not asked for but part of the format
    expect(cells.at(-1)).toBe("900");
    expect(trackLogLayout(["c"], new Map(), STORED, "UTC", []).columns).toEqual([]);
  });

  it("uses the device's names and units, repairs upload spelling, falls back to the built-in table and the key", () => {
    const meta = new Map<string, PidInfo>([
      ["21", { fullName: "Distance travelled with MIL CEL lit", defaultUnit: "km" }],
      ["ff1001", { fullName: "Speed (GPS)", defaultUnit: "km h" }],
      ["ff1267", { fullName: "My stop timer", defaultUnit: "s" }],
      ["4", { fullName: null, defaultUnit: " " }],
    ]);
    const { layout } = csvOf(["21", "ff1001", "ff1267", "4", "ff9999", "2c"], meta, []);
    expect(layout.header.slice(FIXED_HEADER.length + 1)).toBe(
      "Distance travelled with MIL/CEL lit(km),EGR Commanded(%),Engine Load(%),My stop timer(s),PID ff9999,Speed (GPS)(km/h)\n",
    );
  });

  it("keeps names with commas readable (spaces, as Torque does) and quotes names with quotes", () => {
    const meta = new Map<string, PidInfo>([
      ["ff5001", { fullName: 'Boost "real", bank 1', defaultUnit: "psi" }],
      ["3c", {}],
    ]);
    const { text } = csvOf(["ff5001", "3c"], meta, [{ time: 0, cells: ["1.5", "400"] }]);
    const [header] = Papa.parse<string[]>(text, { delimiter: "," }).data;
    expect(header.slice(11)).toEqual(['Boost "real"  bank 1(psi)', "Catalyst Temperature (Bank 1 Sensor 1)(°C)"]);
  });

  it("fills the fixed columns from their PIDs; gravity (not uploaded) and missing values are '-'", () => {
    const keys = ["ff1006", "ff1005", "ff1001", "ff1239", "ff1010", "ff123b", "ff1220", "c"];
    const { text } = csvOf(keys, new Map(), [
      { time: Date.UTC(2016, 2, 29, 13, 58, 18, 846), cells: ["38.41304312", "-121.46168616", "25.20256996", "4", "-51", "109.5", "1.09", "1000"] },
      { time: Date.UTC(2016, 2, 29, 13, 58, 19, 840), cells: [null, null, null, null, null, null, null, "1200"] },
    ]);
    const lines = text.split("\n");
    expect(lines[1]).toBe(
      "Tue Mar 29 06:58:18 PDT 2016,29-Mar-2016 06:58:18.846,-121.46168616,38.41304312,25.20256996,4,-51,109.5,-,-,-,1.09,1000,4,-51,109.5,38.41304312,-121.46168616,25.20256996",
    );
    expect(lines[2]).toBe("Tue Mar 29 06:58:19 PDT 2016,29-Mar-2016 06:58:19.840,-,-,-,-,-,-,-,-,-,-,1200,-,-,-,-,-,-");
    expect(lines[3]).toBe("");
  });

  it("converts to the user's display units, header included, and drops float noise", () => {
    const keys = ["5", "ff1001", "ff1010", "c", "ff1202"];
    const rows = [{ time: 0, cells: ["55", "100", "100", "800", "14.7"] }];
    const { text } = csvOf(keys, new Map([["ff1202", { fullName: "Turbo Boost & Vacuum Gauge", defaultUnit: "psi" }]]), rows, { units: "display", system: "imperial" }, "UTC");
    const [header, row] = Papa.parse<string[]>(text, { delimiter: "," }).data;
    expect(header.slice(2, 11).join(",")).toBe(" Longitude, Latitude,GPS Speed(mph), Horizontal Dilution of Precision, Altitude(ft), Bearing, Gravity X(G), Gravity Y(G), Gravity Z(G)");
    expect(header.slice(11)).toEqual(["Engine Coolant Temperature(°F)", "Engine RPM(rpm)", "GPS Altitude(ft)", "Speed (GPS)(mph)", "Turbo Boost & Vacuum Gauge(psi)"]);
    expect(row[4]).toBe("62.1371192237");
    expect(row[11]).toBe("131");
    expect(row.slice(12)).toEqual(["800", "328.083989501", "62.1371192237", "14.7"]);
    const metric = csvOf(["5", "ff1202"], new Map([["ff1202", { defaultUnit: "psi" }]]), rows, { units: "display", system: "metric" }, "UTC");
    expect(metric.layout.header).toContain("Turbo Boost & Vacuum Gauge(kPa)");
  });

  it("writes the time columns in the chosen zone", () => {
    const { text } = csvOf(["c"], new Map(), [{ time: Date.UTC(2016, 2, 29, 13, 58, 18, 846), cells: ["1"] }], STORED, "Europe/Berlin");
    expect(text.split("\n")[1]).toBe("Tue Mar 29 15:58:18 CEST 2016,29-Mar-2016 15:58:18.846,-,-,-,-,-,-,-,-,-,1");
  });

  it("writes rows stored before later PIDs joined with '-' for those, and absent values (NaN, ±Infinity too) as '-'", () => {
    const keys = ["c", "ff1006", "ff1005", "5", "ff1010", "ff1202"];
    const layout = trackLogLayout(keys, new Map(), STORED, LA);
    const text = linesOf(layout, [
      { time: 1459259898846, cells: ["800", "38.4", "-121.4", null, "-51", "1e-05"] },
      { time: 1459259899846, cells: ["NaN", "Infinity", "-Infinity", "55", null, null] },
      { time: 1459259900846, cells: ["1"] }, // a row written before later PIDs joined
    ]);
    expect(text.split("\n")).toEqual([
      // Columns by name: Engine Coolant Temperature (5), Engine RPM (c), GPS Altitude, Latitude, Longitude, Turbo Boost.
      "Tue Mar 29 06:58:18 PDT 2016,29-Mar-2016 06:58:18.846,-121.4,38.4,-,-,-51,-,-,-,-,-,800,-51,38.4,-121.4,1e-05",
      "Tue Mar 29 06:58:19 PDT 2016,29-Mar-2016 06:58:19.846,-,-,-,-,-,-,-,-,-,55,-,-,-,-,-",
      "Tue Mar 29 06:58:20 PDT 2016,29-Mar-2016 06:58:20.846,-,-,-,-,-,-,-,-,-,-,1,-,-,-,-",
      "",
    ]);
  });

  it("reads a packed chunk's rows out of its column-after-column arrays", () => {
    // Two rows, two PIDs in one array: c = [800, 900], 5 = [NULL, 85].
    const array = scanArrayText("{800,900,NULL,85}");
    const block: TextBlock = { arrays: [array, array], base: Int32Array.from([0, 2]), stride: 1, width: 2, longest: array.longest };
    const layout = trackLogLayout(["c", "5"], new Map(), STORED, "UTC");
    const text = Buffer.concat(trackLogRowWriter(layout)([0, 1].map((r) => ({ time: Date.UTC(2024, 0, 2, 8, 0, r), block, r })))).toString("utf8");
    expect(text.split("\n").map((line) => line.split(",").slice(11).join(","))).toEqual(["-,800", "85,900", ""]);
  });

  it("hands out whole lines in pieces of about 64 KB, together the same as one row at a time", () => {
    const keys = Array.from({ length: 40 }, (_, k) => `ff${(0x1300 + k).toString(16)}`);
    const layout = trackLogLayout(keys, new Map(), STORED, "Europe/Berlin");
    const rows = Array.from({ length: 2000 }, (_, i) => ({ time: Date.UTC(2024, 2, 31, 0, 30) + i * 997, cells: keys.map((_, k) => (k % 9 === i % 9 ? null : String((i * (k + 1)) / 7))) }));
    const pieces = trackLogRowWriter(layout)(textRows(rows));
    expect(pieces.length).toBeGreaterThan(10);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(64 * 1024);
      expect(piece.at(-1)).toBe(10); // "\n"
    }
    expect(Buffer.concat(pieces).toString("utf8")).toBe(rows.map((row) => linesOf(layout, [row])).join(""));
  });

  it("round-trips any values and times through Torque's own reader (splitTrackLog)", () => {
    const keys = ["ff1005", "ff1006", "c", "d", "5", "ff1202", "ff1001"];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            step: fc.integer({ min: 1, max: 5000 }),
            values: fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), { minLength: keys.length, maxLength: keys.length }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.constantFrom("UTC", LA, "Asia/Kathmandu"),
        (samples, tz) => {
          let t = Date.UTC(2016, 2, 13, 9, 50);
          const rows = samples.map((s) => ({ time: (t += s.step), cells: s.values.map((v) => (v === null ? null : String(v))) }));
          const { text } = csvOf(keys, new Map(), rows, STORED, tz);
          const { sections } = splitTrackLog(text);
          expect(sections).toHaveLength(1);
          const [trip] = sections;
          const { columns } = trackLogLayout(keys, new Map(), STORED, tz);
          trip.rows.forEach((cells, i) => {
            expect(parseDeviceTime(cells[1], tz)).toBe(rows[i].time);
            expect(Math.floor((parseGpsTime(cells[0]) as number) / 1000)).toBe(Math.floor(rows[i].time / 1000));
            columns.forEach((c, j) => {
              const stored = samples[i].values[c.source];
              // -0 is written "0": the same number to every reader but Object.is.
              expect(parseCellValue(cells[11 + j])).toBe(stored === null ? null : stored === 0 ? 0 : stored);
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe.skipIf(FIXTURE_DIR === null)("the fixture trip: our header against the app's own export", () => {
  let ours: ReturnType<typeof parseHeader>;
  let theirs: ReturnType<typeof parseHeader>;
  let theirRows: string[][];
  let meta: ReturnType<typeof collectPidMetadata>;

  beforeAll(() => {
    const requests = readFixtureRequests();
    meta = collectPidMetadata(requests);
    // The session's PIDs are those it has values for, in upload order (what ingest stores).
    const keys: string[] = [];
    for (const params of requests) {
      for (const name of params.keys()) {
        const m = /^k([0-9a-f]+)$/i.exec(name);
        if (m && !keys.includes(normalisePidKey(m[1]))) keys.push(normalisePidKey(m[1]));
      }
    }
    const info = new Map<string, PidInfo>([...meta].map(([k, m]) => [k, { fullName: m.fullName, defaultUnit: m.defaultUnit }]));
    const layout = trackLogLayout(keys, info, STORED, LA);
    ours = parseHeader(Papa.parse<string[]>(layout.header, { delimiter: "," }).data[0]);
    const [section] = splitTrackLog(readFixtureCsv()).sections;
    theirs = section.columns;
    theirRows = section.rows;
  });

  it("has the app's columns, names and order, for every PID the phone sent values of", () => {
    expect(ours.slice(0, 11).map((c) => c.header)).toEqual(theirs.slice(0, 11).map((c) => c.header));
    const theirNames = theirs.map((c) => c.name);
    // ff1007 is uploaded without a name and is not in the app's file; it keeps its data here.
    const named = ours.filter((c) => c.name !== "PID ff1007");
    expect(ours.length - named.length).toBe(1);
    expect(named).toHaveLength(11 + 88);
    const positions = named.map((c) => theirNames.indexOf(c.name));
    expect(positions.filter((p) => p < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The app's other 55 columns are PIDs it logged without ever a value: "-" in every row.
    const missing = theirs.filter((c) => !named.some((o) => o.name === c.name));
    expect(missing).toHaveLength(55);
    for (const c of missing) expect(theirRows.every((r) => r[c.index] === "-"), c.header).toBe(true);
  });

  it("is in stored units: the app's unit where it showed the stored one, else one convertible to it", () => {
    let same = 0;
    const converted: string[] = [];
    for (const column of ours.slice(11)) {
      if (column.name === "PID ff1007") continue;
      const theirUnit = theirs.find((c) => c.name === column.name)?.unit ?? "";
      const m = [...meta.values()].find((x) => x.fullName !== undefined && nameMatchKey(x.fullName) === nameMatchKey(column.name));
      expect(column.unit ?? "").toBe(normaliseUnit(m?.defaultUnit ?? ""));
      if (sameUnit(column.unit ?? "", theirUnit)) same++;
      else {
        expect(canConvert(theirUnit, column.unit ?? ""), `${column.header} vs ${theirUnit}`).toBe(true);
        converted.push(`${column.unit}->${theirUnit}`);
      }
    }
    expect(same).toBeGreaterThan(70);
    // The user showed temperatures in °F and boost in bar; we write what was stored.
    expect(new Set(converted)).toEqual(new Set(["°C->°F", "psi->bar"]));
  });
});
