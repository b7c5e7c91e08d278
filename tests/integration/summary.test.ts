import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { refreshSessionSummary } from "@/lib/sessions/summary";
import { appendSamples } from "@/lib/samples/write";
import { makeUser } from "../support/users";

async function makeSession(userId: number) {
  const device = await db().device.create({ data: { userId, torqueId: "ab".repeat(16) } });
  return db().session.create({
    data: { userId, deviceId: device.id, torqueSession: BigInt(Date.UTC(2024, 0, 1)), startedAt: new Date(Date.UTC(2024, 0, 1)) },
  });
}

describe("session summary", () => {
  it("is recomputed from the samples: count, end, duration, speeds, GPS distance without glitches", async () => {
    const user = await makeUser("summary");
    const session = await makeSession(user.id);
    const t0 = Date.UTC(2024, 0, 1);
    // 0.01° of latitude is 1.112 km; one 0,0 fix and one 100 km jump must not count.
    await appendSamples(session.id, ["ff1006", "ff1005", "d"], [
      { time: t0 + 1000, values: [50.0, 8.0, 10] },
      { time: t0 + 2000, values: [50.01, 8.0, 30] },
      { time: t0 + 3000, values: [0, 0, 20] },
      { time: t0 + 4000, values: [50.02, 8.0, 40] },
      { time: t0 + 5000, values: [51.0, 8.0, null] },
    ]);
    await refreshSessionSummary(session.id);
    const s = await db().session.findUniqueOrThrow({ where: { id: session.id } });
    expect(s.sampleCount).toBe(5);
    expect(s.endedAt?.getTime()).toBe(t0 + 5000);
    expect(s.durationS).toBe(5);
    expect(s.maxSpeedKmh).toBe(40);
    expect(s.avgSpeedKmh).toBe(25);
    expect(s.hasGps).toBe(true);
    expect(s.distanceKm).toBeCloseTo(2.224, 2);
  });

  it("prefers Torque's trip distance when it was logged", async () => {
    const user = await makeUser("summary-trip");
    const session = await makeSession(user.id);
    const t0 = Date.UTC(2024, 0, 1);
    await appendSamples(session.id, ["ff1204", "ff1271"], [
      { time: t0 + 1000, values: [0.5, 0.1] },
      { time: t0 + 2000, values: [12.5, 1.2] },
    ]);
    await refreshSessionSummary(session.id);
    const s = await db().session.findUniqueOrThrow({ where: { id: session.id } });
    expect(s.distanceKm).toBeCloseTo(12.0, 5);
    expect(s.fuelUsedL).toBeCloseTo(1.2, 5);
    expect(s.hasGps).toBe(false);
  });
});
