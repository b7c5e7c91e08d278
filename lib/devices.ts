import "server-only";
import { db } from "@/lib/db/client";

export async function listDevices(userId: number) {
  const devices = await db().device.findMany({
    where: { userId },
    orderBy: { id: "asc" },
    include: { _count: { select: { sessions: true } } },
  });
  return devices.map((d) => ({
    id: d.id,
    torqueId: d.torqueId,
    nickname: d.nickname,
    email: d.email,
    allowed: d.allowed,
    lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
    sessionCount: d._count.sessions,
  }));
}

/** Every PID seen on the user's devices (or one device); the most recent metadata wins. */
export async function listPids(userId: number, deviceId?: number) {
  const rows = await db().pidMeta.findMany({
    where: { device: { userId }, ...(deviceId ? { deviceId } : {}) },
    orderBy: [{ key: "asc" }, { updatedAt: "desc" }],
  });
  const byKey = new Map<string, { key: string; name: string | null; shortName: string | null; unit: string | null; userUnit: string | null; devices: number[] }>();
  for (const r of rows) {
    const existing = byKey.get(r.key);
    if (existing) {
      existing.devices.push(r.deviceId);
      continue;
    }
    byKey.set(r.key, { key: r.key, name: r.fullName, shortName: r.shortName, unit: r.defaultUnit, userUnit: r.userUnit, devices: [r.deviceId] });
  }
  return [...byKey.values()];
}
