import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { readAllSamples } from "@/lib/samples/read";
import { startServer, type TestServer } from "../support/server";
import { FIXTURE_CSV, FIXTURE_DEVICE, FIXTURE_SESSION, fixtureTargets, sendAll, shuffled } from "../support/torque-fixture";
import { makeToken, makeUser } from "../support/users";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
});
afterAll(async () => {
  await server?.stop();
});

/** Everything a replay leaves in the database for one user, in comparable form. */
async function snapshot(userId: number) {
  const sessions = await db().session.findMany({ where: { userId }, include: { profile: true, device: true } });
  expect(sessions).toHaveLength(1);
  const session = sessions[0];
  const samples = await readAllSamples(session.id);
  const byKey = samples.rows.map((r) => Object.fromEntries(samples.keys.map((k, i) => [k, r.values[i]]).filter(([, v]) => v !== null)));
  const pids = await db().pidMeta.findMany({ where: { deviceId: session.deviceId }, orderBy: { key: "asc" } });
  return {
    session,
    times: samples.rows.map((r) => r.time),
    values: byKey,
    pids: pids.map(({ key, fullName, shortName, defaultUnit, userUnit }) => ({ key, fullName, shortName, defaultUnit, userUnit })),
  };
}

function dataRequestCount(): number {
  return fixtureTargets("/x").filter((t) => /[?&]k[0-9a-f]+=/.test(t.toString("latin1"))).length;
}

describe("replaying the real trip's 530 requests through the real server", () => {
  let first: Awaited<ReturnType<typeof snapshot>>;
  let userId: number;
  let token: string;

  beforeAll(async () => {
    const user = await makeUser("replay");
    userId = user.id;
    token = await makeToken(user.id);
    const replies = await sendAll(server.port, fixtureTargets(`/api/upload/${token}`));
    expect(replies.filter((r) => r.status !== 200 || r.body !== "OK!")).toEqual([]);
    first = await snapshot(userId);
  });

  it("stores one session, started at the Torque session time, with the profile", () => {
    expect(first.session.torqueSession).toBe(BigInt(FIXTURE_SESSION));
    expect(first.session.startedAt.toISOString()).toBe("2016-03-29T13:58:18.185Z");
    expect(first.session.profile?.name).toBe("ManVan");
    expect(first.session.device.torqueId).toBe(FIXTURE_DEVICE);
    expect(first.session.device.email).toBe("driver@example.com");
  });

  it("stores every data sample", () => {
    expect(first.times).toHaveLength(dataRequestCount());
    expect(first.session.sampleCount).toBe(dataRequestCount());
    expect(first.session.endedAt?.getTime()).toBe(Math.max(...first.times));
  });

  it("keeps Torque's own names and units for every PID, raw UTF-8 degree signs included", () => {
    expect(first.pids.length).toBeGreaterThanOrEqual(144);
    expect(first.pids.filter((p) => p.fullName).length).toBeGreaterThanOrEqual(143);
    const byKey = new Map(first.pids.map((p) => [p.key, p]));
    expect(byKey.get("5")).toMatchObject({ fullName: "Engine Coolant Temperature", defaultUnit: "°C", userUnit: "°F" });
    expect(byKey.get("ff1005")).toMatchObject({ fullName: "GPS Longitude", defaultUnit: "°" });
    expect(byKey.get("c")).toMatchObject({ fullName: "Engine RPM", defaultUnit: "rpm" });
    // Metadata keys are zero-padded (userUnit0c) and data keys are not (kc): they must join.
    expect(first.values.some((v) => "c" in v)).toBe(true);
  });

  it("agrees with the app's own CSV export at matching timestamps (coolant °F there, °C here)", () => {
    const lines = readFileSync(FIXTURE_CSV, "utf8").trim().split("\n");
    const header = lines[0].split(",").map((c) => c.trim());
    const col = (prefix: string) => header.findIndex((c) => c.startsWith(prefix));
    const [timeCol, coolantCol, rpmCol] = [col("Device Time"), col("Engine Coolant Temperature("), col("Engine RPM(")];
    expect(header[coolantCol]).toBe("Engine Coolant Temperature(°F)");
    const months: Record<string, number> = { Mar: 2 };
    const csv = lines.slice(1).map((line) => {
      const cells = line.split(",");
      const m = cells[timeCol].match(/^(\d+)-(\w+)-(\d+) (\d+):(\d+):(\d+)\.(\d+)$/)!;
      // The phone was in US Pacific daylight time (UTC-7) on 2016-03-29.
      const t = Date.UTC(+m[3], months[m[2]], +m[1], +m[4] + 7, +m[5], +m[6], +m[7]);
      return { t, coolantF: Number(cells[coolantCol]), rpm: Number(cells[rpmCol]) };
    });
    let checked = 0;
    let agreed = 0;
    first.times.forEach((t, i) => {
      const v = first.values[i];
      if (v["5"] === undefined || v["c"] === undefined) return;
      const near = csv.filter((r) => Math.abs(r.t - t) <= 1000);
      if (near.length === 0) return;
      checked++;
      // The CSV logs every ~1 s, uploads every 5 s: the uploaded value must lie within what the
      // CSV shows in the surrounding second.
      const within = (x: number, xs: number[], tolerance: number) => x >= Math.min(...xs) - tolerance && x <= Math.max(...xs) + tolerance;
      const ok = within(v["5"], near.map((r) => (r.coolantF - 32) / 1.8), 0.05) && within(v["c"], near.map((r) => r.rpm), 0.5);
      if (ok) agreed++;
    });
    expect(checked).toBeGreaterThan(400);
    expect(agreed / checked).toBeGreaterThan(0.99);
  });

  it("changes nothing when the phone retries every request", async () => {
    const retryStarted = new Date();
    const replies = await sendAll(server.port, fixtureTargets(`/api/upload/${token}`), 4);
    expect(replies.every((r) => r.status === 200 && r.body === "OK!")).toBe(true);
    const again = await snapshot(userId);
    expect(again.times).toEqual(first.times);
    expect(again.values).toEqual(first.values);
    expect(again.pids).toEqual(first.pids);
    expect(again.session.sampleCount).toBe(first.session.sampleCount);
    // The upload log says so too: since the retry began, only the 4 metadata/notice requests
    // (which carry no sample) were "accepted". (The log keeps the last ~500 rows per device.)
    const outcomes = await db().uploadLog.groupBy({ by: ["outcome"], where: { userId, at: { gte: retryStarted } }, _count: true });
    expect(outcomes.find((o) => o.outcome === "accepted")?._count ?? 0).toBeLessThanOrEqual(4);
    expect(outcomes.find((o) => o.outcome === "duplicate")?._count).toBeGreaterThan(400);
  });

  it("gives the identical result when the requests arrive shuffled, 16 at a time", async () => {
    const other = await makeUser("shuffled");
    const otherToken = await makeToken(other.id);
    const replies = await sendAll(server.port, shuffled(fixtureTargets(`/api/upload/${otherToken}`)), 16);
    expect(replies.every((r) => r.status === 200 && r.body === "OK!")).toBe(true);
    const result = await snapshot(other.id);
    expect(result.times).toEqual(first.times);
    expect(result.values).toEqual(first.values);
    expect(result.pids).toEqual(first.pids);
    expect(result.session.startedAt).toEqual(first.session.startedAt);
    expect(result.session.profile?.name).toBe("ManVan");
  });
});
