import { describe, expect, it } from "vitest";
import { pidColumns } from "./columns";
import { sessionJsonWriter } from "./session-json";

const session = {
  id: 3,
  torqueSession: "1459259898185",
  startedAt: Date.UTC(2016, 2, 29, 13, 58, 18, 185),
  endedAt: null,
  durationS: 12,
  distanceKm: null,
  sampleCount: 2,
  vehicle: "ManVan",
  device: "8a10dcdc",
  name: 'A "quoted" name',
  notes: null,
  tags: ["x"],
};

describe("session JSON", () => {
  it("is one valid JSON document: metadata, columns and samples aligned with them", () => {
    const columns = pidColumns(["c", "5"], new Map(), { units: "display", system: "imperial" });
    const w = sessionJsonWriter(session, columns, "America/Los_Angeles", "display");
    const text = w.head() + w.rows([{ time: session.startedAt, cells: ["800", "55"] }]) + w.rows([{ time: session.startedAt + 1000, cells: [null, "1e-05"] }]) + w.tail();
    const doc = JSON.parse(text);
    expect(doc.format).toBe("torque-logserver/session-v1");
    expect(doc.session).toMatchObject({ id: 3, torqueSession: "1459259898185", name: 'A "quoted" name', startedAt: "2016-03-29T06:58:18.185-07:00", endedAt: null });
    expect(doc.units).toBe("display");
    expect(doc.columns).toEqual([
      { key: "5", name: "Engine Coolant Temperature", unit: "°F" },
      { key: "c", name: "Engine RPM", unit: "rpm" },
    ]);
    expect(doc.samples).toEqual([
      { time: "2016-03-29T06:58:18.185-07:00", values: [131, 800] },
      { time: "2016-03-29T06:58:19.185-07:00", values: [32.000018, null] },
    ]);
  });

  it("is valid without samples", () => {
    const w = sessionJsonWriter(session, [], "UTC", "stored");
    expect(JSON.parse(w.head() + w.tail()).samples).toEqual([]);
  });
});
