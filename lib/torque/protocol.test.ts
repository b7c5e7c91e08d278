/** Required fields, timestamps, limits and error reporting of parseTorqueUpload. */
import { describe, expect, it } from "vitest";
import { EARLIEST_PLAUSIBLE_MS, MAX_KEYS, parseTorqueUpload } from "./protocol";
import { DEVICE, NOW, SESSION, TIME, header, parseErr, parseOk, type Pairs } from "./test-support";

const DAY = 24 * 60 * 60 * 1000;

describe("header fields", () => {
  it("reads v, session, id, eml and time", () => {
    const u = parseOk();
    expect(u).toMatchObject({ version: 8, session: SESSION, deviceId: DEVICE, email: "driver@example.com", time: TIME });
  });

  it("lower-cases the device id and accepts 1 to 64 hex characters", () => {
    expect(parseOk([], { id: DEVICE.toUpperCase() }).deviceId).toBe(DEVICE);
    expect(parseOk([], { id: "a" }).deviceId).toBe("a");
    expect(parseOk([], { id: "F".repeat(64) }).deviceId).toBe("f".repeat(64));
  });

  it("treats a missing or empty eml as null and keeps any other string as given", () => {
    expect(parseOk([], { eml: undefined }).email).toBeNull();
    expect(parseOk([], { eml: "" }).email).toBeNull();
    expect(parseOk([], { eml: "not an address" }).email).toBe("not an address");
    expect(parseOk([], { eml: "x".repeat(254) }).email).toHaveLength(254);
  });

  it("gives version null when v is absent or not an integer, instead of rejecting", () => {
    expect(parseOk([], { v: undefined }).version).toBeNull();
    expect(parseOk([], { v: "eight" }).version).toBeNull();
    expect(parseOk([], { v: "" }).version).toBeNull();
    expect(parseOk([], { v: "9" }).version).toBe(9);
  });

  it("lets the last occurrence of a repeated header field win", () => {
    const u = parseOk([["time", String(TIME + 5)], ["session", String(SESSION + 1)], ["eml", "b@example.com"]]);
    expect(u).toMatchObject({ time: TIME + 5, session: SESSION + 1, email: "b@example.com" });
  });

  it("accepts header fields in any order and after the data", () => {
    const pairs: Pairs = [["kc", "800.0"], ...header().reverse()];
    const r = parseTorqueUpload(pairs, { now: NOW });
    expect(r.ok && r.upload.values.get("c")).toBe(800);
  });
});

describe("required fields", () => {
  it.each(["session", "id", "time"])("rejects a request without %s", (field) => {
    const e = parseErr([], { [field]: undefined });
    expect(e).toMatchObject({ code: "invalid_field", field });
    expect(e.message).toMatch(new RegExp(`"${field}" is missing\\.$`));
  });

  it.each([
    ["session", ""],
    ["session", "abc"],
    ["session", "1459259898185.0"],
    ["session", "1.459259898185E12"],
    ["session", "-1459259898185"],
    ["session", "+1459259898185"],
    ["session", " 1459259898185"],
    ["session", "99999999999999999999"], // beyond a safe integer: would round
    ["time", ""],
    ["time", "NaN"],
    ["time", "1459259903456ms"],
    ["time", "0x1"],
  ])("rejects %s=%j as not digits", (field, raw) => {
    const e = parseErr([], { [field]: raw });
    expect(e).toMatchObject({ code: "invalid_field", field });
    expect(e.message).toContain("whole number of epoch milliseconds");
  });

  it.each(["", "xyz", "8a10dcdc-03a8", " 8a10", "a".repeat(65)])("rejects id=%j", (raw) => {
    const e = parseErr([], { id: raw });
    expect(e).toMatchObject({ code: "invalid_field", field: "id" });
    expect(e.message).toContain("hexadecimal");
  });

  it("quotes a long bad value only partly in the message", () => {
    const e = parseErr([], { session: "x".repeat(500) });
    expect(e.message.length).toBeLessThan(200);
  });

  it("reports session before id before time when several are bad", () => {
    expect(parseErr([], { session: "x", id: "", time: "y" }).field).toBe("session");
    expect(parseErr([], { id: "", time: "y" }).field).toBe("id");
  });
});

describe("implausible timestamps", () => {
  it("accepts the boundaries: 2008-01-01, now + 2 days, time 7 days before session", () => {
    const start = String(EARLIEST_PLAUSIBLE_MS);
    expect(parseOk([], { session: start, time: start }).session).toBe(EARLIEST_PLAUSIBLE_MS);
    const future = String(NOW + 2 * DAY);
    expect(parseOk([], { session: future, time: future }).time).toBe(NOW + 2 * DAY);
    expect(parseOk([], { time: String(SESSION - 7 * DAY) }).time).toBe(SESSION - 7 * DAY);
  });

  it.each([
    ["session", { session: String(EARLIEST_PLAUSIBLE_MS - 1) }],
    ["session", { session: "0" }], // the "1970 session" of older servers
    ["time", { time: "0" }],
    ["time", { time: "1459259903" }], // seconds instead of milliseconds
    ["session", { session: String(NOW + 2 * DAY + 1) }],
    ["time", { time: String(NOW + 3 * DAY) }],
    ["time", { time: String(SESSION - 7 * DAY - 1) }],
  ])("rejects an absurd %s", (field, overrides) => {
    const e = parseErr([], overrides);
    expect(e).toMatchObject({ code: "implausible_timestamp", field });
    expect(e.message).toMatch(/\.$/);
  });

  it("allows a sample long after the session start (a long trip)", () => {
    expect(parseOk([], { time: String(SESSION + 30 * DAY) }).time).toBe(SESSION + 30 * DAY);
  });

  it("uses Date.now() when no now is given", () => {
    const soon = String(Date.now() + DAY);
    expect(parseTorqueUpload(header({ session: soon, time: soon })).ok).toBe(true);
    const late = String(Date.now() + 3 * DAY);
    expect(parseTorqueUpload(header({ session: late, time: late })).ok).toBe(false);
  });
});

describe("limits", () => {
  const filler = (n: number): Pairs => Array.from({ length: n }, (_, i): [string, string] => [`k${i.toString(16)}`, "1"]);

  it(`accepts exactly ${MAX_KEYS} keys and rejects one more`, () => {
    const n = MAX_KEYS - header().length;
    expect(parseOk(filler(n)).values.size).toBe(n);
    const e = parseErr(filler(n + 1));
    expect(e.code).toBe("too_many_keys");
    expect(e.message).toContain("1000");
  });

  it("takes a configured key limit instead of the default", () => {
    const pairs = [...header(), ...filler(600 - header().length)];
    expect(parseTorqueUpload(pairs, { now: NOW, maxKeys: 600 }).ok).toBe(true);
    const r = parseTorqueUpload([...pairs, ["kfff", "1"]], { now: NOW, maxKeys: 600 });
    expect(r.ok ? null : r.error).toMatchObject({ code: "too_many_keys", message: expect.stringContaining("600") });
  });

  it("counts duplicate and unknown keys towards the limit", () => {
    const dup: Pairs = Array.from({ length: MAX_KEYS }, () => ["foo", "1"]);
    expect(parseErr(dup).code).toBe("too_many_keys");
  });

  it("stops reading an endless input at the limit", () => {
    function* endless(): Generator<[string, string]> {
      yield* header();
      for (;;) yield ["kc", "1"];
    }
    const r = parseTorqueUpload(endless(), { now: NOW });
    expect(!r.ok && r.error.code).toBe("too_many_keys");
  });

  it("rejects the whole request when one k value is longer than 64 characters", () => {
    expect(parseOk([["kc", "1".repeat(64)]]).values.has("c")).toBe(true);
    const e = parseErr([["kd", "1"], ["kc", "1".repeat(65)]]);
    expect(e).toMatchObject({ code: "value_too_long", field: "kc" });
    expect(e.message).toBe('The value of "kc" is longer than 64 characters.');
  });

  it.each(["defaultUnit0c", "userUnitc", "userShortNamec", "userFullNamec", "profileName", "notice", "noticeClass"])(
    "allows 255 characters in %s and rejects 256",
    (key) => {
      expect(parseOk([[key, "é".repeat(255)]]).ignoredKeys).toEqual([]);
      expect(parseErr([[key, "a".repeat(256)]])).toMatchObject({ code: "value_too_long", field: key });
    },
  );

  it("counts characters, not UTF-16 units: 255 astral characters are allowed in a name", () => {
    expect(parseOk([["userFullNamec", "𝔁".repeat(255)]]).fullNames.get("c")).toHaveLength(510);
  });

  it("rejects an e-mail longer than 254 characters", () => {
    expect(parseErr([], { eml: "x".repeat(255) })).toMatchObject({ code: "value_too_long", field: "eml" });
  });

  it.each(["userUnitc", "defaultUnit05", "userShortNamec", "userFullNamec", "profileName", "notice", "noticeClass", "eml"])(
    "rejects a NUL character in %s (it cannot be stored as text)",
    (key) => {
      expect(parseErr([[key, "a\u0000b"]])).toMatchObject({ code: "invalid_field", field: key, message: `The value of "${key}" contains a NUL character.` });
    },
  );

  it("ignores a NUL where nothing is stored as text: values are skipped, unknown keys ignored", () => {
    const u = parseOk([["kc", "1\u0000"], ["my\u0000key", "\u0000"]]);
    expect(u.skipped).toEqual([{ key: "c", raw: "1\u0000", reason: "not-a-number" }]);
    expect(u.ignoredKeys).toEqual(["my\u0000key"]);
  });

  it("does not limit the values of unknown keys (they are not stored)", () => {
    expect(parseOk([["myToken", "x".repeat(5000)]]).ignoredKeys).toEqual(["myToken"]);
  });

  it("reports a length error before a missing required field", () => {
    expect(parseErr([["kc", "1".repeat(65)]], { session: undefined }).code).toBe("value_too_long");
  });
});
