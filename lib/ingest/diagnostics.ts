import "server-only";
import { db } from "@/lib/db/client";
import type { UploadOutcome } from "@/lib/generated/prisma/client";

/** Records a refused upload of a known user, so "my uploads don't arrive" has an answer. */
export async function logRejectedUpload(
  userId: number,
  torqueId: string | null,
  status: number,
  reason: string,
): Promise<void> {
  const device = torqueId
    ? await db().device.findUnique({ where: { userId_torqueId: { userId, torqueId } }, select: { id: true } })
    : null;
  await db().uploadLog.create({
    data: { userId, deviceId: device?.id ?? null, outcome: "rejected", status, reason: reason.slice(0, 500) },
  });
}

export interface UploadLogEntry {
  at: Date;
  outcome: UploadOutcome;
  status: number;
  reason: string | null;
  device: string | null;
  deviceId: number | null;
  sessionId: number | null;
  keys: number;
  skipped: number;
}

export async function recentUploads(userId: number, opts: { limit: number; deviceId?: number }): Promise<UploadLogEntry[]> {
  const rows = await db().uploadLog.findMany({
    where: { userId, ...(opts.deviceId ? { deviceId: opts.deviceId } : {}) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: opts.limit,
    include: { device: { select: { nickname: true, torqueId: true } } },
  });
  return rows.map((r) => ({
    at: r.at,
    outcome: r.outcome,
    status: r.status,
    reason: r.reason,
    device: r.device ? (r.device.nickname ?? r.device.torqueId) : null,
    deviceId: r.deviceId,
    sessionId: r.sessionId,
    keys: r.keys,
    skipped: r.skipped,
  }));
}

/** Per device: when it last uploaded and how the last requests ended. */
export async function deviceUploadSummary(userId: number) {
  const devices = await db().device.findMany({
    where: { userId },
    orderBy: { lastSeenAt: { sort: "desc", nulls: "last" } },
    select: { id: true, torqueId: true, nickname: true, email: true, allowed: true, lastSeenAt: true },
  });
  return devices;
}
