import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { indexHeader, indexLine } from "./index-csv";

describe("index.csv", () => {
  it("lists a session's summary in the export's zone, quoting free text", () => {
    const text =
      indexHeader("America/Los_Angeles") +
      indexLine(
        {
          file: "2016-03-29_0658_ManVan_1459259898185.csv",
          id: 7,
          torqueSession: "1459259898185",
          startedAt: Date.UTC(2016, 2, 29, 13, 58, 18, 185),
          endedAt: Date.UTC(2016, 2, 29, 14, 42, 0),
          durationS: 2621.815,
          distanceKm: 41.23456,
          sampleCount: 2580,
          vehicle: "ManVan",
          device: "8a10dcdc",
          name: 'Work, then "home"',
          notes: "line 1\nline 2",
          tags: ["commute", "rain"],
        },
        "America/Los_Angeles",
      ) +
      indexLine(
        { file: "x.csv", id: 8, torqueSession: "1", startedAt: 0, endedAt: null, durationS: null, distanceKm: null, sampleCount: 0, vehicle: null, device: "d", name: null, notes: null, tags: [] },
        "America/Los_Angeles",
      );
    const rows = Papa.parse<string[]>(text.trimEnd(), { delimiter: "," }).data;
    expect(rows[0]).toEqual([
      "file", "session id", "torque session", "start (America/Los_Angeles)", "end (America/Los_Angeles)",
      "duration (s)", "distance (km)", "samples", "vehicle", "device", "name", "notes", "tags",
    ]);
    expect(rows[1]).toEqual([
      "2016-03-29_0658_ManVan_1459259898185.csv", "7", "1459259898185", "2016-03-29 06:58:18", "2016-03-29 07:42:00",
      "2622", "41.235", "2580", "ManVan", "8a10dcdc", 'Work, then "home"', "line 1\nline 2", "commute; rain",
    ]);
    expect(rows[2]).toEqual(["x.csv", "8", "1", "1969-12-31 16:00:00", "", "", "", "0", "", "d", "", "", ""]);
  });
});
