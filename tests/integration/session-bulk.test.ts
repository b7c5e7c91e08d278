import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { readAllSamples } from "@/lib/samples/read";
import { appendSamples } from "@/lib/samples/write";
import { deleteSessions, mergeSessions, tagSessions, updateSession } from "@/lib/sessions/bulk";
import { parseSessionFilter } from "@/lib/sessions/query";
import { makeDevice, makeSession } from "../support/sessions";
import { makeUser } from "../support/users";

const T0 = Date.UTC(2024, 4, 1, 7, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function owner() {
  const user = await makeUser("bulk");
  const device = await makeDevice(user.id, "Van");
  return { user, device };
}

const existing = async (ids: number[]) => (await db().session.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((s) => s.id).sort((a, b) => a - b);

describe("bulk delete", () => {
  it("deletes the selected sessions with their samples and says how many", async () => {
    const { user, device } = await owner();
    const [a, b, c] = await Promise.all([0, 10, 20].map((m) => makeSession(user.id, { deviceId: device.id, startedAt: at(m) })));
    await appendSamples(a.id, ["d"], [{ time: T0 + 1000, values: [42] }]);
    expect(await deleteSessions(user.id, { ids: [a.id, b.id] })).toBe(2);
    expect(await existing([a.id, b.id, c.id])).toEqual([c.id]);
    expect(await db().sample.count({ where: { sessionId: a.id } })).toBe(0);
  });

  it("deletes every session matching a filter, and only those", async () => {
    const { user, device } = await owner();
    const tiny = await Promise.all([0, 1, 2].map((m) => makeSession(user.id, { deviceId: device.id, startedAt: at(m), sampleCount: 2 })));
    const real = await makeSession(user.id, { deviceId: device.id, startedAt: at(30), sampleCount: 500 });
    const { user: other, device: theirs } = await owner();
    const foreign = await makeSession(other.id, { deviceId: theirs.id, startedAt: at(0), sampleCount: 2 });
    const long = await makeSession(user.id, { deviceId: device.id, startedAt: at(40), sampleCount: 900 });
    expect(await deleteSessions(user.id, { filter: parseSessionFilter({ minSamples: "100" }) })).toBe(2);
    expect(await existing([...tiny.map((s) => s.id), real.id, long.id, foreign.id])).toEqual([...tiny.map((s) => s.id), foreign.id].sort((a, b) => a - b));
  });

  it("treats someone else's session as not found and deletes nothing", async () => {
    const { user, device } = await owner();
    const mine = await makeSession(user.id, { deviceId: device.id, startedAt: at(0) });
    const { user: other, device: theirs } = await owner();
    const theirsSession = await makeSession(other.id, { deviceId: theirs.id, startedAt: at(0) });
    const error = await failure(deleteSessions(user.id, { ids: [mine.id, theirsSession.id] }));
    expect(error.status).toBe(404);
    expect(error.message).toContain(String(theirsSession.id));
    expect(await existing([mine.id, theirsSession.id])).toEqual([mine.id, theirsSession.id].sort((a, b) => a - b));
  });

  it("refuses an empty or malformed selection with a 400 on ids", async () => {
    const { user } = await owner();
    for (const ids of [[], [0], [1.5], [-3]]) {
      const error = await failure(deleteSessions(user.id, { ids }));
      expect([error.status, error.details.field]).toEqual([400, "ids"]);
    }
  });
});

describe("bulk tags", () => {
  it("adds a tag once and removes it, by ids and by filter", async () => {
    const { user, device } = await owner();
    const [a, b, c] = await Promise.all([0, 10, 20].map((m) => makeSession(user.id, { deviceId: device.id, startedAt: at(m), tags: m === 0 ? ["work"] : [] })));
    expect(await tagSessions(user.id, { ids: [a.id, b.id] }, "add", " work ")).toBe(1);
    const tags = async () => (await db().session.findMany({ where: { userId: user.id }, orderBy: { startedAt: "asc" }, select: { tags: true } })).map((s) => s.tags);
    expect(await tags()).toEqual([["work"], ["work"], []]);
    expect(await tagSessions(user.id, { filter: parseSessionFilter({ tag: "work" }) }, "add", "commute")).toBe(2);
    expect(await tagSessions(user.id, { filter: parseSessionFilter({}) }, "remove", "work")).toBe(2);
    expect(await tags()).toEqual([["commute"], ["commute"], []]);
    expect(c.tags).toEqual([]);
  });

  it("refuses a bad tag and foreign ids", async () => {
    const { user, device } = await owner();
    const s = await makeSession(user.id, { deviceId: device.id, startedAt: at(0) });
    for (const tag of ["", "   ", "a,b", "x".repeat(51)]) {
      expect((await failure(tagSessions(user.id, { ids: [s.id] }, "add", tag))).details.field).toBe("tag");
    }
    const { user: other } = await owner();
    expect((await failure(tagSessions(other.id, { ids: [s.id] }, "add", "mine"))).status).toBe(404);
  });
});

describe("inline edits", () => {
  it("renames, sets notes and tags, clears them with empty text", async () => {
    const { user, device } = await owner();
    const s = await makeSession(user.id, { deviceId: device.id, startedAt: at(0) });
    const renamed = await updateSession(user.id, s.id, { name: "  Coast road  ", notes: "Rain all the way" });
    expect([renamed.name, renamed.notes, renamed.device]).toEqual(["Coast road", "Rain all the way", "Van"]);
    const cleared = await updateSession(user.id, s.id, { name: "", tags: ["a", "a", "b"] });
    expect([cleared.name, cleared.notes, cleared.tags]).toEqual([null, "Rain all the way", ["a", "b"]]);
  });

  it("answers 404 for someone else's session and 400 for a too-long name", async () => {
    const { user, device } = await owner();
    const s = await makeSession(user.id, { deviceId: device.id, startedAt: at(0) });
    const { user: other } = await owner();
    expect((await failure(updateSession(other.id, s.id, { name: "Mine now" }))).status).toBe(404);
    expect((await db().session.findUniqueOrThrow({ where: { id: s.id } })).name).toBeNull();
    expect((await failure(updateSession(user.id, s.id, { name: "x".repeat(201) }))).details.field).toBe("name");
  });
});

describe("merge", () => {
  it("moves samples and notices of adjacent sessions into the earliest and recomputes its summary", async () => {
    const { user, device } = await owner();
    const first = await makeSession(user.id, { deviceId: device.id, startedAt: at(0), name: null, tags: ["a"], notes: "first" });
    const second = await makeSession(user.id, { deviceId: device.id, startedAt: at(5), name: "Second leg", tags: ["b"], notes: "second" });
    const third = await makeSession(user.id, { deviceId: device.id, startedAt: at(9), tags: ["a"] });
    await appendSamples(first.id, ["d"], [0, 1, 2].map((s) => ({ time: T0 + s * 1000, values: [10 + s] })));
    await appendSamples(second.id, ["c", "d"], [0, 1].map((s) => ({ time: T0 + 300_000 + s * 1000, values: [2000, 50 + s] })));
    await appendSamples(third.id, ["d"], [{ time: T0 + 540_000, values: [30] }]);
    await db().notice.create({ data: { sessionId: second.id, time: at(5), text: "Trip started" } });

    const result = await mergeSessions(user.id, [third.id, first.id, second.id]);
    expect(result).toEqual({ id: first.id, merged: 2 });
    expect(await existing([first.id, second.id, third.id])).toEqual([first.id]);
    const samples = await readAllSamples(first.id);
    expect(samples.keys).toEqual(["d", "c"]);
    expect(samples.rows.map((r) => [r.time - T0, ...r.values])).toEqual([
      [0, 10, null],
      [1000, 11, null],
      [2000, 12, null],
      [300_000, 50, 2000],
      [301_000, 51, 2000],
      [540_000, 30, null],
    ]);
    const merged = await db().session.findUniqueOrThrow({ where: { id: first.id } });
    expect(merged.sampleCount).toBe(6);
    expect(merged.durationS).toBe(540);
    expect(merged.maxSpeedKmh).toBe(51);
    expect([merged.name, merged.notes, merged.tags]).toEqual(["Second leg", "first\n\nsecond", ["a", "b"]]);
    expect((await db().notice.findMany({ where: { sessionId: first.id } })).map((n) => n.text)).toEqual(["Trip started"]);
  });

  it("refuses sessions of different devices, with a gap between them, still live, or someone else's", async () => {
    const { user, device } = await owner();
    const other = await makeDevice(user.id, "Tablet");
    const a = await makeSession(user.id, { deviceId: device.id, startedAt: at(0) });
    const gap = await makeSession(user.id, { deviceId: device.id, startedAt: at(10) });
    const b = await makeSession(user.id, { deviceId: device.id, startedAt: at(20) });
    const elsewhere = await makeSession(user.id, { deviceId: other.id, startedAt: at(5) });
    const live = await makeSession(user.id, { deviceId: device.id, startedAt: at(30), lastUploadAt: new Date() });

    const devices = await failure(mergeSessions(user.id, [a.id, elsewhere.id]));
    expect([devices.status, devices.details.field]).toEqual([400, "ids"]);
    expect(devices.message).toContain("Tablet");
    const between = await failure(mergeSessions(user.id, [a.id, b.id]));
    expect([between.status, between.message]).toEqual([400, expect.stringContaining(String(gap.id))]);
    expect((await failure(mergeSessions(user.id, [b.id, live.id]))).status).toBe(409);
    expect((await failure(mergeSessions(user.id, [a.id]))).status).toBe(400);
    const { user: stranger } = await owner();
    expect((await failure(mergeSessions(stranger.id, [a.id, gap.id]))).status).toBe(404);
    expect(await existing([a.id, gap.id, b.id, elsewhere.id, live.id])).toHaveLength(5);
  });
});
