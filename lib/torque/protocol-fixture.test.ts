/**
 * Replays every request of the real Torque Pro trip in /work/shared/fixtures/torque
 * (surfrock66/torque, 2016-03-29) through the parser. The fixture is the authority on
 * what the app sends, so these assertions pin facts observed in it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTorqueUpload, uploadHasData, uploadHasMetadata, type TorqueUpload } from "./protocol";

const FIXTURE_DIR = process.env.TORQUE_FIXTURE_DIR ?? "/work/shared/fixtures/torque";
const REQUESTS = path.join(FIXTURE_DIR, "surfrock66-trip-2016-03-29.requests.txt");
const SESSION = 1459259898185;
/** After the trip, so the plausibility checks see it as past, independent of today's date. */
const NOW = SESSION + 24 * 60 * 60 * 1000;

/**
 * Turn one logged request target into the pairs the route will see. Apache logged raw
 * bytes >= 0x80 as the text `\xNN`; the route receives those raw bytes and percent-encodes
 * them before URLSearchParams decodes everything as UTF-8, which this mirrors.
 */
function requestTargetToParams(line: string): URLSearchParams {
  const latin1 = line.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  let encoded = "";
  for (const byte of Buffer.from(latin1, "latin1")) {
    encoded += byte >= 0x80 ? `%${byte.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(byte);
  }
  return new URLSearchParams(encoded.slice(encoded.indexOf("?") + 1));
}

const lines = readFileSync(REQUESTS, "latin1").split("\n").filter((l) => l.length > 0);
const results = lines.map((line) => parseTorqueUpload(requestTargetToParams(line), { now: NOW }));
const uploads: TorqueUpload[] = results.flatMap((r) => (r.ok ? [r.upload] : []));
// Request order in the log: notice, profile, defaultUnit, first data, user metadata.
const [noticeReq, profileReq, defaultUnitReq, firstDataReq, userMetaReq] = uploads;

describe("real trip fixture", () => {
  it("parses all 530 requests without error, ignored key or skipped value", () => {
    expect(lines).toHaveLength(530);
    const failures = results.flatMap((r, i) => (r.ok ? [] : [`line ${i + 1}: ${r.error.code} ${r.error.message}`]));
    expect(failures).toEqual([]);
    expect(uploads.flatMap((u) => u.ignoredKeys)).toEqual([]);
    expect(uploads.flatMap((u) => u.skipped)).toEqual([]);
  });

  it("has the same header on every request", () => {
    for (const u of uploads) {
      expect(u).toMatchObject({
        session: SESSION,
        deviceId: "8a10dcdc03a8b509d9ff1dc42b855a4e",
        email: "driver@example.com",
        version: 8,
      });
    }
  });

  it("has 526 data requests and 4 metadata requests, never both in one", () => {
    expect(uploads.filter(uploadHasData)).toHaveLength(526);
    expect(uploads.filter(uploadHasMetadata)).toHaveLength(4);
    expect(uploads.filter((u) => uploadHasData(u) && uploadHasMetadata(u))).toHaveLength(0);
    expect([noticeReq, profileReq, defaultUnitReq, userMetaReq].every(uploadHasMetadata)).toBe(true);
    expect(uploadHasData(firstDataReq)).toBe(true);
  });

  it("carries 21 to 87 PID values per data request, 89 distinct PIDs in all", () => {
    const sizes = uploads.filter(uploadHasData).map((u) => u.values.size);
    expect(Math.min(...sizes)).toBe(21);
    expect(Math.max(...sizes)).toBe(87);
    expect(new Set(uploads.flatMap((u) => [...u.values.keys()])).size).toBe(89);
  });

  it("arrives out of time order, within the trip", () => {
    const times = uploads.map((u) => u.time);
    expect(times.some((t, i) => i > 0 && t < times[i - 1])).toBe(true);
    expect(Math.min(...times)).toBe(1459259898221);
    expect(Math.max(...times)).toBe(1459262521424);
  });

  it("reads the trip-start notice and the profile", () => {
    expect(noticeReq.notice).toEqual({ text: "Trip started", noticeClass: "org.prowl.torque.map.notices.TripNotice" });
    expect(profileReq.profile).toEqual({
      name: "ManVan",
      fuelType: 2,
      weight: 635.029296875,
      ve: 85,
      fuelCost: 0.607595682144165,
    });
  });

  it("reads default units with raw UTF-8 degree signs and spaces for slashes", () => {
    const units = defaultUnitReq.defaultUnits;
    expect(units.size).toBe(144);
    expect(units.get("ff1005")).toBe("°");
    expect(units.get("5")).toBe("°C");
    expect(units.get("c")).toBe("rpm"); // sent as defaultUnit0c
    expect(units.get("ff1001")).toBe("km h"); // km/h, with the slash turned into a space by the app
    expect(units.get("47")).toBe(" "); // "%" likewise
    expect(units.get("ff1007")).toBe("");
  });

  it("reads the 13 KB user metadata request: 144 user units, 143 short and full names", () => {
    // ff1007 has a (blank) unit but no names at all, hence 143 rather than 144 names.
    expect(userMetaReq.userUnits.size).toBe(144);
    expect(userMetaReq.shortNames.size).toBe(143);
    expect(userMetaReq.fullNames.size).toBe(143);
    expect(userMetaReq.userUnits.get("ff1007")).toBe("");
    expect(userMetaReq.fullNames.has("ff1007")).toBe(false);
    expect(userMetaReq.fullNames.get("c")).toBe("Engine RPM");
    expect(userMetaReq.fullNames.get("5")).toBe("Engine Coolant Temperature");
    expect(userMetaReq.fullNames.get("ff1005")).toBe("GPS Longitude");
    expect(userMetaReq.shortNames.get("ff1257")).toBe("CO₂");
    // The user's display unit differs from the unit the values are uploaded in.
    expect(userMetaReq.userUnits.get("ff1001")).toBe("mph");
    expect(defaultUnitReq.defaultUnits.get("ff1001")).toBe("km h");
  });

  it("joins every data PID to a default unit and (but one) to a full name", () => {
    const dataKeys = new Set(uploads.flatMap((u) => [...u.values.keys()]));
    expect([...dataKeys].filter((k) => !defaultUnitReq.defaultUnits.has(k))).toEqual([]);
    expect([...dataKeys].filter((k) => !userMetaReq.fullNames.has(k))).toEqual(["ff1007"]);
  });

  it("reads the first data request, whose GPS keys appear twice with equal values", () => {
    const line = lines[3];
    expect(line.match(/&kff1005=/g)).toHaveLength(2);
    expect(firstDataReq.values.get("ff1005")).toBe(-121.46168616);
    expect(firstDataReq.values.get("ff1006")).toBe(38.41304312);
    expect(firstDataReq.values.get("d")).toBe(26);
    expect(firstDataReq.time).toBe(1459259898467);
  });

  it("parses exponent-form values", () => {
    const all = uploads.flatMap((u) => [...u.values.values()]);
    expect(all).toContain(7.324219e-4);
    expect(all).toContain(-4.8828125e-4);
    expect(all.every(Number.isFinite)).toBe(true);
  });

  it("has coolant at 66 °C where the app's CSV shows 150.8 °F", () => {
    const u = uploads.find((x) => x.values.get("5") === 66);
    expect(u?.time).toBe(1459260003454);
  });
});
