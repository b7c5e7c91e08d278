import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/http/errors";
import { SORT_KEYS, type SortKey } from "@/lib/sessions/list-model";
import { countSessions, listSessions, parseSessionFilter, parseSessionListQuery, sessionIdsMatching } from "@/lib/sessions/query";
import { makeDevice, makeProfile, makeSession } from "../support/sessions";
import { makeUser } from "../support/users";

/** What the list should show, computed independently in JS from the seeded rows. */
interface Expected {
  id: number;
  startedAt: number;
  sampleCount: number;
  durationS: number | null;
  distanceKm: number | null;
  maxSpeedKmh: number | null;
  fuelUsedL: number | null;
  name: string | null;
  notes: string | null;
  vehicle: string | null;
  profileId: number | null;
  device: string;
  deviceId: number;
  tags: string[];
  hasGps: boolean;
  pidKeys: string[];
  live: boolean;
}

const T0 = Date.UTC(2024, 2, 1, 6, 0, 0);
let userId: number;
let rows: Expected[] = [];
let pixelId: number;

const sortValue: Record<SortKey, (r: Expected) => number | string | null> = {
  start: (r) => r.startedAt,
  duration: (r) => r.durationS,
  distance: (r) => r.distanceKm,
  samples: (r) => r.sampleCount,
  maxSpeed: (r) => r.maxSpeedKmh,
  fuel: (r) => r.fuelUsedL,
  name: (r) => r.name?.toLowerCase() ?? null,
  // No vehicle sorts as an empty name.
  vehicle: (r) => r.vehicle?.toLowerCase() ?? "",
  device: (r) => r.device.toLowerCase(),
};

/** The documented order: NULL is the smallest value, ties broken by id in the same direction. */
function expectedOrder(sort: SortKey, order: "asc" | "desc", subset = rows): number[] {
  const sign = order === "asc" ? 1 : -1;
  return [...subset]
    .sort((a, b) => {
      const va = sortValue[sort](a);
      const vb = sortValue[sort](b);
      if (va !== vb) {
        if (va === null) return -sign;
        if (vb === null) return sign;
        return (va < vb ? -1 : 1) * sign;
      }
      return (a.id - b.id) * sign;
    })
    .map((r) => r.id);
}

async function walk(params: Record<string, string>, direction: "forward" | "backward" = "forward"): Promise<number[]> {
  const pages: number[][] = [];
  let page = await listSessions(userId, parseSessionListQuery(params));
  if (direction === "backward") {
    while (page.nextCursor) page = await listSessions(userId, parseSessionListQuery({ ...params, cursor: page.nextCursor }));
  }
  for (let guard = 0; guard < 100; guard++) {
    pages.push(page.items.map((i) => i.id));
    const cursor = direction === "forward" ? page.nextCursor : page.prevCursor;
    if (!cursor) break;
    page = await listSessions(userId, parseSessionListQuery({ ...params, cursor }));
  }
  return (direction === "forward" ? pages : pages.reverse()).flat();
}

beforeAll(async () => {
  const user = await makeUser("list");
  userId = user.id;
  const pixel = await makeDevice(userId, "Pixel van");
  pixelId = pixel.id;
  const bare = await makeDevice(userId, null);
  const golf = await makeProfile(userId, pixel.id, "Golf");
  const van = await makeProfile(userId, pixel.id, "ManVan");
  const golfLower = await makeProfile(userId, bare.id, "golf");
  const names = ["Alpha", "bravo", "Charlie", "alpha"];
  for (let i = 0; i < 25; i++) {
    const device = i % 3 === 0 ? bare : pixel;
    const profile = i % 4 === 0 ? null : device === bare ? golfLower : i % 2 ? golf : van;
    const seed = {
      deviceId: device.id,
      profileId: profile?.id ?? null,
      // Sessions 5 and 6 start at the same instant: ties must still page cleanly.
      startedAt: new Date(T0 + (i === 6 ? 5 : i) * 3_600_000),
      sampleCount: ((i * 7) % 5) * 50,
      durationS: i % 5 === 0 ? null : ((i * 13) % 7) * 60,
      distanceKm: i % 6 === 0 ? null : ((i * 3) % 4) * 2.5,
      maxSpeedKmh: i % 7 === 0 ? null : ((i * 11) % 9) * 10,
      fuelUsedL: i % 2 === 0 ? null : ((i * 5) % 3) * 0.5,
      name: i % 3 === 0 ? null : names[i % 4],
      notes: i === 4 ? "100% fun_trip" : i === 8 ? "tyre check" : null,
      tags: i % 5 === 1 ? ["work"] : i === 7 ? ["holiday", "work"] : [],
      hasGps: i % 2 === 1,
      pidKeys: i % 3 === 1 ? ["d", "ff1005", "ff1006"] : ["d", "c"],
      lastUploadAt: i === 24 ? new Date() : undefined,
    };
    const s = await makeSession(userId, seed);
    rows.push({
      ...seed,
      id: s.id,
      startedAt: seed.startedAt.getTime(),
      vehicle: profile?.name ?? null,
      device: device.nickname ?? device.torqueId.slice(0, 8),
      live: i === 24,
    });
  }
  // Someone else's sessions never show up.
  const stranger = await makeUser("list-other");
  const theirs = await makeDevice(stranger.id, "Pixel van");
  for (let i = 0; i < 3; i++) await makeSession(stranger.id, { deviceId: theirs.id, startedAt: new Date(T0 + i * 1000), name: "Alpha" });
});

describe("session list: sorting and keyset pages", () => {
  it.each(SORT_KEYS.flatMap((sort) => [[sort, "asc"], [sort, "desc"]] as const))("sort=%s order=%s pages through every session once, in order", async (sort, order) => {
    const expected = expectedOrder(sort, order);
    expect(await walk({ sort, order, limit: "4" })).toEqual(expected);
    expect(await walk({ sort, order, limit: "4" }, "backward")).toEqual(expected);
  });

  it("defaults to newest first, 50 per page, with the item shape the API returns", async () => {
    const page = await listSessions(userId, parseSessionListQuery({}));
    expect(page.total).toBe(25);
    expect(page.items.map((i) => i.id)).toEqual(expectedOrder("start", "desc"));
    expect(page.nextCursor).toBeNull();
    expect(page.prevCursor).toBeNull();
    const first = page.items.find((i) => i.id === rows[7].id);
    expect(first).toEqual({
      id: rows[7].id,
      torqueSession: String(rows[7].startedAt),
      deviceId: rows[7].deviceId,
      device: "Pixel van",
      profileName: "Golf",
      startedAt: new Date(rows[7].startedAt).toISOString(),
      endedAt: rows[7].durationS ? new Date(rows[7].startedAt + rows[7].durationS * 1000).toISOString() : null,
      sampleCount: rows[7].sampleCount,
      distanceKm: rows[7].distanceKm,
      durationS: rows[7].durationS,
      maxSpeedKmh: null,
      fuelUsedL: rows[7].fuelUsedL,
      name: "alpha",
      notes: null,
      tags: ["holiday", "work"],
      hasGps: true,
      live: false,
    });
  });

  it("keeps pages stable while new sessions arrive", async () => {
    const seen: number[] = [];
    let page = await listSessions(userId, parseSessionListQuery({ limit: "5" }));
    const arrived: number[] = [];
    while (true) {
      seen.push(...page.items.map((i) => i.id));
      // A phone starts new trips while the user pages: newer sessions go before page 1.
      const s = await makeSession(userId, { deviceId: pixelId, startedAt: new Date(T0 + 1000 * 3_600_000 + arrived.length) });
      arrived.push(s.id);
      if (!page.nextCursor) break;
      page = await listSessions(userId, parseSessionListQuery({ limit: "5", cursor: page.nextCursor }));
    }
    expect(seen).toEqual(expectedOrder("start", "desc"));
    const { deleteSessions } = await import("@/lib/sessions/bulk");
    await deleteSessions(userId, { ids: arrived });
  });
});

describe("session list: many devices", () => {
  it("sorts by device past the group limit the plain way, same order", async () => {
    const { MAX_GROUPS } = await import("@/lib/sessions/list-group-sort");
    const fleet = await makeUser("list-fleet");
    const labels: { id: number; label: string }[] = [];
    for (let i = 0; i <= MAX_GROUPS; i++) {
      // Nicknames repeat, so ties between devices are broken by session id.
      const device = await makeDevice(fleet.id, i % 7 === 0 ? null : `Van ${String(i % 40).padStart(2, "0")}`);
      const s = await makeSession(fleet.id, { deviceId: device.id, startedAt: new Date(T0 + i * 60_000) });
      labels.push({ id: s.id, label: (device.nickname ?? device.torqueId.slice(0, 8)).toLowerCase() });
    }
    for (const order of ["asc", "desc"] as const) {
      const sign = order === "asc" ? 1 : -1;
      const expected = [...labels].sort((a, b) => (a.label === b.label ? a.id - b.id : a.label < b.label ? -1 : 1) * sign).map((r) => r.id);
      const seen: number[] = [];
      let page = await listSessions(fleet.id, parseSessionListQuery({ sort: "device", order, limit: "7" }));
      for (;;) {
        seen.push(...page.items.map((i) => i.id));
        if (!page.nextCursor) break;
        page = await listSessions(fleet.id, parseSessionListQuery({ sort: "device", order, limit: "7", cursor: page.nextCursor }));
      }
      expect(seen).toEqual(expected);
    }
  });
});

describe("session list: filters", () => {
  const cases: [string, Record<string, string>, (r: Expected) => boolean][] = [
    ["q in name, case-insensitive", { q: "ALPHA" }, (r) => r.name?.toLowerCase() === "alpha"],
    ["q in notes, % and _ literal", { q: "100% fun_" }, (r) => r.notes === "100% fun_trip"],
    ["q: every word must match", { q: "tyre check" }, (r) => r.notes === "tyre check"],
    ["q in vehicle name", { q: "manv" }, (r) => r.vehicle === "ManVan"],
    ["q in device nickname", { q: "pixel" }, (r) => r.device === "Pixel van"],
    ["q in Torque id", { q: "DEVICE_ID_PREFIX" }, (r) => r.device !== "Pixel van"],
    ["from/to as UTC instants", { from: new Date(T0 + 3 * 3_600_000).toISOString(), to: new Date(T0 + 9 * 3_600_000).toISOString() }, (r) => r.startedAt >= T0 + 3 * 3_600_000 && r.startedAt <= T0 + 9 * 3_600_000],
    ["from/to as days", { from: "2024-03-01", to: "2024-03-01" }, (r) => r.startedAt < Date.UTC(2024, 2, 2)],
    ["vehicle by name, any case", { vehicle: "GOLF" }, (r) => r.vehicle?.toLowerCase() === "golf"],
    ["vehicle by id", { vehicle: "VAN_ID" }, (r) => r.vehicle === "ManVan"],
    ["device", { device: "PIXEL_ID" }, (r) => r.device === "Pixel van"],
    ["minSamples", { minSamples: "100" }, (r) => r.sampleCount >= 100],
    ["minDurationS", { minDurationS: "180" }, (r) => (r.durationS ?? -1) >= 180],
    ["minDistanceKm", { minDistanceKm: "5" }, (r) => (r.distanceKm ?? -1) >= 5],
    ["hasGps=true", { hasGps: "true" }, (r) => r.hasGps],
    ["hasGps=0", { hasGps: "0" }, (r) => !r.hasGps],
    ["hasPid (normalised)", { hasPid: "FF1005" }, (r) => r.pidKeys.includes("ff1005")],
    ["hasPid 0c means c", { hasPid: "0c" }, (r) => r.pidKeys.includes("c")],
    ["tag", { tag: "holiday" }, (r) => r.tags.includes("holiday")],
    ["live", { live: "1" }, (r) => r.live],
    ["not live", { live: "false" }, (r) => !r.live],
    // "l" is in no hex Torque id, so the device labels cannot match by accident.
    ["combined", { q: "l", hasGps: "yes", minSamples: "50", tag: "work" }, (r) => r.hasGps && r.sampleCount >= 50 && r.tags.includes("work") && /l/i.test(`${r.name} ${r.notes} ${r.vehicle} ${r.device}`)],
  ];

  const resolve = (params: Record<string, string>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(params).map(([k, v]) => {
        if (v === "PIXEL_ID") return [k, String(pixelId)];
        if (v === "VAN_ID") return [k, String(rows.find((r) => r.vehicle === "ManVan")?.profileId)];
        if (v === "DEVICE_ID_PREFIX") return [k, rows.find((r) => r.device !== "Pixel van")?.device.slice(2, 7).toUpperCase() ?? ""];
        return [k, v];
      }),
    );

  it.each(cases)("%s", async (_label, params, predicate) => {
    const expected = expectedOrder("start", "desc", rows.filter(predicate));
    expect(expected.length).toBeGreaterThan(0);
    const page = await listSessions(userId, parseSessionListQuery({ ...resolve(params), limit: "1000" }));
    expect(page.items.map((i) => i.id)).toEqual(expected);
    expect(page.total).toBe(expected.length);
    // "Select all N matching" selects exactly what the list counts.
    const filter = parseSessionFilter(resolve(params));
    expect(await countSessions(userId, filter)).toBe(expected.length);
    const batches: number[][] = [];
    for await (const batch of sessionIdsMatching(userId, filter, 3)) batches.push(batch);
    expect(batches.every((b) => b.length <= 3)).toBe(true);
    expect(batches.flat()).toEqual([...expected].sort((a, b) => a - b));
  });

  it("reads bare dates as days in the user's zone", async () => {
    // 2024-03-01 23:00 UTC is already 2 March in Berlin.
    const late = rows.find((r) => r.startedAt === T0 + 17 * 3_600_000);
    const utc = await listSessions(userId, parseSessionListQuery({ from: "2024-03-02", to: "2024-03-02" }, { timeZone: "UTC" }));
    const berlin = await listSessions(userId, parseSessionListQuery({ from: "2024-03-02", to: "2024-03-02" }, { timeZone: "Europe/Berlin" }));
    expect(utc.items.map((i) => i.id)).not.toContain(late?.id);
    expect(berlin.items.map((i) => i.id)).toContain(late?.id);
  });

  it("tells a filter that matches nothing apart from an empty account", async () => {
    const page = await listSessions(userId, parseSessionListQuery({ q: "no such words" }));
    expect(page).toEqual({ items: [], nextCursor: null, prevCursor: null, total: 0 });
  });
});

describe("session list: bad input is a 400 naming the field", () => {
  const bad: [Record<string, string>, string][] = [
    [{ sort: "speed" }, "sort"],
    [{ sort: "start; DROP TABLE sessions" }, "sort"],
    [{ order: "up" }, "order"],
    [{ limit: "0" }, "limit"],
    [{ limit: "-5" }, "limit"],
    [{ limit: "1001" }, "limit"],
    [{ limit: "1e9" }, "limit"],
    [{ limit: "ten" }, "limit"],
    [{ from: "2024-13-01" }, "from"],
    [{ from: "2024-02-30" }, "from"],
    [{ to: "yesterday" }, "to"],
    [{ from: "2024-03-01T10:00:00" }, "from"],
    [{ from: "2024-03-05", to: "2024-03-01" }, "to"],
    [{ minSamples: "-1" }, "minSamples"],
    [{ minDurationS: "abc" }, "minDurationS"],
    [{ minDistanceKm: "Infinity" }, "minDistanceKm"],
    [{ device: "phone" }, "device"],
    [{ hasGps: "maybe" }, "hasGps"],
    [{ live: "2" }, "live"],
    [{ hasPid: "speed" }, "hasPid"],
    [{ q: "x".repeat(201) }, "q"],
    [{ cursor: "not base64 json!" }, "cursor"],
    [{ cursor: "eyJmb28iOjF9" }, "cursor"],
  ];
  it.each(bad)("%j → field %s", async (params, field) => {
    const attempt = async () => listSessions(userId, parseSessionListQuery(params));
    const error = await attempt().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).details.field).toBe(field);
  });

  it("refuses a cursor made for another sort or order", async () => {
    const page = await listSessions(userId, parseSessionListQuery({ sort: "distance", limit: "3" }));
    expect(page.nextCursor).not.toBeNull();
    for (const params of [{ sort: "duration" }, { sort: "distance", order: "asc" }]) {
      const error = await listSessions(userId, parseSessionListQuery({ ...params, cursor: page.nextCursor ?? "" })).catch((e: unknown) => e);
      expect((error as AppError).details.field).toBe("cursor");
    }
  });

  it("ignores blank fields and unknown parameters (what an empty form submits)", async () => {
    const page = await listSessions(userId, parseSessionListQuery({ q: "", from: " ", hasGps: "", utm_source: "x" }));
    expect(page.total).toBe(25);
  });
});
