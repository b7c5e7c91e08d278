import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { startServer, type TestServer } from "../support/server";
import { makeDevice } from "../support/sessions";
import { makeToken, makeUser } from "../support/users";

/**
 * A script walks every session with `limit=1000` while the phone keeps uploading (samples into
 * old trips, and new trips): each of the 2,500 sessions is listed exactly once, and so is
 * every new trip the walk reaches.
 */
const SESSIONS = 2500;
const FIRST_START = Date.UTC(2023, 0, 1);
const HOUR = 3_600_000;

let server: TestServer;
let readToken: string;
let uploadToken: string;
let torqueId: string;
let seeded: Set<number>;

interface Page {
  items: { id: number; torqueSession: string; startedAt: string }[];
  nextCursor: string | null;
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
  const user = await makeUser("walker");
  readToken = await makeToken(user.id, "read");
  uploadToken = await makeToken(user.id, "upload");
  const device = await makeDevice(user.id);
  torqueId = device.torqueId;
  await db().session.createMany({
    data: Array.from({ length: SESSIONS }, (_, i) => {
      const startedAt = new Date(FIRST_START + i * HOUR);
      return {
        userId: user.id,
        deviceId: device.id,
        torqueSession: BigInt(startedAt.getTime()),
        startedAt,
        endedAt: new Date(startedAt.getTime() + 600_000),
        lastUploadAt: new Date(startedAt.getTime() + 600_000),
        sampleCount: 1 + (i % 50),
        durationS: 600,
      };
    }),
  });
  seeded = new Set((await db().session.findMany({ where: { userId: user.id }, select: { id: true } })).map((s) => s.id));
  expect(seeded.size).toBe(SESSIONS);
});
afterAll(async () => {
  await server?.stop();
});

let newTrips = 0;

/** What the phone does between two page requests: samples into old trips, and a new trip. */
async function uploadsArrive(round: number): Promise<void> {
  const uploads: string[] = [];
  for (let k = 0; k < 10; k++) {
    const session = FIRST_START + ((round * 397 + k * 241) % SESSIONS) * HOUR;
    uploads.push(`session=${session}&time=${session + 1000 + round * 10 + k}&kc=${800 + k}`);
  }
  const session = Date.UTC(2026, 0, 1) + newTrips++ * HOUR;
  uploads.push(`session=${session}&time=${session + 1000}&kc=900`);
  const replies = await Promise.all(uploads.map((q) => fetch(`${server.url}/api/upload/${uploadToken}?id=${torqueId}&${q}`).then((r) => r.text())));
  expect(replies.every((r) => r === "OK!")).toBe(true);
}

async function walk(query: string): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `${server.url}/api/v1/sessions?${query}&limit=1000${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${readToken}` } });
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    expect(page.items.length).toBeLessThanOrEqual(1000);
    ids.push(...page.items.map((s) => s.id));
    cursor = page.nextCursor;
    pages++;
    await uploadsArrive(pages);
  } while (cursor !== null);
  return { ids, pages };
}

describe("walking every session with limit=1000 while uploads arrive", () => {
  it.each([
    ["newest first (the default)", "sort=start&order=desc"],
    ["oldest first", "sort=start&order=asc"],
  ])("lists each session exactly once, %s", async (_, query) => {
    const { ids, pages } = await walk(query);
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    const missing = [...seeded].filter((id) => !ids.includes(id));
    expect(missing).toEqual([]);
    expect(pages).toBeGreaterThanOrEqual(3);
    // Oldest first reaches the trips that arrived during the walk; newest first started above them.
    const arrived = ids.filter((id) => !seeded.has(id)).length;
    if (query.includes("asc")) expect(arrived).toBeGreaterThan(0);
  });
});
