import "server-only";
import { db } from "@/lib/db/client";

export interface SessionRow {
  id: number;
  startedAt: Date;
  endedAt: Date | null;
  sampleCount: number;
  durationS: number | null;
  distanceKm: number | null;
  maxSpeedKmh: number | null;
  profileName: string | null;
  device: string;
  name: string | null;
  live: boolean;
}

/** A session that received an upload this recently is "live". */
export const LIVE_WINDOW_MS = 60_000;

export async function listRecentSessions(userId: number, limit: number): Promise<SessionRow[]> {
  const rows = await db().session.findMany({
    where: { userId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { profile: { select: { name: true } }, device: { select: { nickname: true, torqueId: true } } },
  });
  const now = Date.now();
  return rows.map((s) => ({
    id: s.id,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    sampleCount: s.sampleCount,
    durationS: s.durationS,
    distanceKm: s.distanceKm,
    maxSpeedKmh: s.maxSpeedKmh,
    profileName: s.profile?.name ?? null,
    device: s.device.nickname ?? s.device.torqueId.slice(0, 8),
    name: s.name,
    live: now - s.lastUploadAt.getTime() < LIVE_WINDOW_MS,
  }));
}
