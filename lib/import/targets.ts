import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/http/errors";
import type { PidMetaRow } from "./columns";

/**
 * Where imported trips go: a device the user picks, or their "Imported" device. That one
 * has a fixed Torque id per user, md5("import:<userId>"): the same 32-hex shape as a real
 * one (md5 of the phone's Torque ID), which no phone can produce on purpose or by chance.
 */
export const IMPORTED_DEVICE_NICKNAME = "Imported";

export function importedTorqueId(userId: number): string {
  return createHash("md5").update(`import:${userId}`).digest("hex");
}

export interface ImportDeviceChoice {
  id: number;
  label: string;
  sessionCount: number;
  imported: boolean;
}

/** The user's devices for the import form, the "Imported" one marked. */
export async function listImportDevices(userId: number): Promise<ImportDeviceChoice[]> {
  const devices = await db().device.findMany({
    where: { userId },
    select: { id: true, torqueId: true, nickname: true, _count: { select: { sessions: true } } },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
  });
  const importedId = importedTorqueId(userId);
  return devices.map((d) => ({
    id: d.id,
    label: d.nickname ?? `Phone ${d.torqueId.slice(0, 8)}`,
    sessionCount: d._count.sessions,
    imported: d.torqueId === importedId,
  }));
}

/** The chosen device (404 if not the user's), or the "Imported" device's id if it exists yet. */
export async function resolveImportDevice(userId: number, deviceId: number | undefined): Promise<number | null> {
  if (deviceId !== undefined) {
    const device = await db().device.findFirst({ where: { id: deviceId, userId }, select: { id: true } });
    if (!device) throw notFound("No such device.");
    return device.id;
  }
  const imported = await db().device.findUnique({ where: { userId_torqueId: { userId, torqueId: importedTorqueId(userId) } }, select: { id: true } });
  return imported?.id ?? null;
}

/** Creates the "Imported" device inside the import's transaction, so a refused file leaves none behind. */
export async function ensureImportedDevice(tx: Prisma.TransactionClient, userId: number): Promise<number> {
  const torqueId = importedTorqueId(userId);
  await tx.$executeRaw`
    INSERT INTO devices (user_id, torque_id, nickname, allowed) VALUES (${userId}, ${torqueId}, ${IMPORTED_DEVICE_NICKNAME}, true)
    ON CONFLICT (user_id, torque_id) DO NOTHING`;
  const device = await tx.device.findUniqueOrThrow({ where: { userId_torqueId: { userId, torqueId } }, select: { id: true } });
  return device.id;
}

/** Everything the user's phones said about their PIDs (names, units), for matching CSV columns. */
export async function loadPidMeta(userId: number): Promise<PidMetaRow[]> {
  return db().pidMeta.findMany({
    where: { device: { userId } },
    select: { deviceId: true, key: true, fullName: true, shortName: true, defaultUnit: true },
    orderBy: [{ deviceId: "asc" }, { key: "asc" }],
  });
}
