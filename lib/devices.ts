import "server-only";
import { db } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/http/errors";
import { ownedBy, type Actor } from "@/lib/permissions";

export type DeviceRow = Awaited<ReturnType<typeof listDevices>>[number];

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

export const NICKNAME_MAX = 60;

/** Renames a device and/or sets whether it may upload. Another user's device is "not found". */
export async function updateDevice(actor: Actor, deviceId: number, change: { nickname?: string | null; allowed?: boolean }): Promise<void> {
  const data: { nickname?: string | null; allowed?: boolean } = {};
  if (change.nickname !== undefined) {
    const nickname = change.nickname?.trim() ?? "";
    if (nickname.length > NICKNAME_MAX) throw badRequest(`Nickname too long (${NICKNAME_MAX} characters at most).`, "nickname");
    data.nickname = nickname || null;
  }
  if (change.allowed !== undefined) data.allowed = change.allowed;
  const { count } = await db().device.updateMany({ where: { id: deviceId, ...ownedBy(actor) }, data });
  if (count === 0) throw notFound(`No device with id ${deviceId}.`);
}

/**
 * "Only allowed devices may upload": the ingest function (torque_ingest) refuses devices not
 * marked allowed while this is on, and marks devices it sees for the first time as not allowed.
 */
export async function setRestrictDevices(actor: Actor, on: boolean): Promise<void> {
  await db().user.update({ where: { id: actor.userId }, data: { restrictDevices: on } });
}
