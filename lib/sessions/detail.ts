import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { LIVE_WINDOW_MS } from "@/lib/sessions/list-model";

/** A session's row, owned by the user — or 404, the same for missing and foreign ids. */
export async function requireOwnedSession(userId: number, sessionId: number) {
  const session = await db().session.findFirst({
    where: { id: sessionId, userId },
    include: { profile: { select: { name: true } }, device: { select: { id: true, nickname: true, torqueId: true } } },
  });
  if (!session) throw notFound(`No session with id ${sessionId}.`);
  return session;
}

export interface PidInfo {
  key: string;
  name: string | null;
  shortName: string | null;
  unit: string | null;
  userUnit: string | null;
}

/** The session's PIDs in column order, with the device's names and units. */
export async function sessionPids(deviceId: number, keys: string[]): Promise<PidInfo[]> {
  const meta = await db().pidMeta.findMany({ where: { deviceId, key: { in: keys } } });
  const byKey = new Map(meta.map((m) => [m.key, m]));
  return keys.map((key) => {
    const m = byKey.get(key);
    return { key, name: m?.fullName ?? null, shortName: m?.shortName ?? null, unit: m?.defaultUnit ?? null, userUnit: m?.userUnit ?? null };
  });
}

export async function sessionDetail(userId: number, sessionId: number) {
  const s = await requireOwnedSession(userId, sessionId);
  return {
    id: s.id,
    torqueSession: s.torqueSession.toString(),
    deviceId: s.deviceId,
    device: s.device.nickname ?? s.device.torqueId.slice(0, 8),
    profileName: s.profile?.name ?? null,
    startedAt: s.startedAt.toISOString(),
    endedAt: s.endedAt?.toISOString() ?? null,
    sampleCount: s.sampleCount,
    durationS: s.durationS,
    distanceKm: s.distanceKm,
    maxSpeedKmh: s.maxSpeedKmh,
    avgSpeedKmh: s.avgSpeedKmh,
    fuelUsedL: s.fuelUsedL,
    hasGps: s.hasGps,
    live: Date.now() - s.lastUploadAt.getTime() < LIVE_WINDOW_MS,
    name: s.name,
    notes: s.notes,
    tags: s.tags,
    summary: (s.summary ?? null) as Record<string, unknown> | null,
    pids: await sessionPids(s.deviceId, s.pidKeys),
  };
}
