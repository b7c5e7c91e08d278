import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { pidCatalog, type PidInfo } from "@/lib/pids/catalog";
import { LIVE_WINDOW_MS } from "@/lib/sessions/list-model";
import { parseSessionSummary, type SessionSummary } from "@/lib/sessions/summary-shape";

/** Everything the session page shows besides the chart and track series (plain, serialisable). */
export interface SessionView {
  id: number;
  name: string | null;
  notes: string | null;
  startedAt: number;
  endedAt: number | null;
  device: string;
  profileName: string | null;
  pids: PidInfo[];
  stats: SessionStats;
  summary: SessionSummary | null;
}

/** The stored summary columns plus the fields that change with every upload. */
export interface SessionStats {
  sampleCount: number;
  lastUploadAt: number;
  live: boolean;
  /** How much longer the session counts as live without another upload (server clock). */
  liveForMs: number;
  endedAt: number | null;
  durationS: number | null;
  distanceKm: number | null;
  maxSpeedKmh: number | null;
  avgSpeedKmh: number | null;
  fuelUsedL: number | null;
  hasGps: boolean;
  summaryAt: number | null;
}

const statsSelect = {
  sampleCount: true,
  lastUploadAt: true,
  endedAt: true,
  durationS: true,
  distanceKm: true,
  maxSpeedKmh: true,
  avgSpeedKmh: true,
  fuelUsedL: true,
  hasGps: true,
  summaryAt: true,
} as const;

type StatsRow = Prisma.SessionGetPayload<{ select: typeof statsSelect }>;

function toStats(s: StatsRow, now = Date.now()): SessionStats {
  return {
    ...s,
    lastUploadAt: s.lastUploadAt.getTime(),
    live: now - s.lastUploadAt.getTime() < LIVE_WINDOW_MS,
    liveForMs: Math.max(0, LIVE_WINDOW_MS - (now - s.lastUploadAt.getTime())),
    endedAt: s.endedAt?.getTime() ?? null,
    summaryAt: s.summaryAt?.getTime() ?? null,
  };
}

export async function loadSessionView(userId: number, sessionId: number): Promise<SessionView | null> {
  const s = await db().session.findFirst({
    where: { id: sessionId, userId },
    select: {
      ...statsSelect,
      id: true,
      name: true,
      notes: true,
      startedAt: true,
      pidKeys: true,
      deviceId: true,
      summary: true,
      profile: { select: { name: true } },
      device: { select: { nickname: true, torqueId: true } },
    },
  });
  if (!s) return null;
  return {
    id: s.id,
    name: s.name,
    notes: s.notes,
    startedAt: s.startedAt.getTime(),
    endedAt: s.endedAt?.getTime() ?? null,
    device: s.device.nickname ?? s.device.torqueId.slice(0, 8),
    profileName: s.profile?.name ?? null,
    pids: await pidCatalog(s.deviceId, s.pidKeys),
    stats: toStats(s),
    summary: parseSessionSummary(s.summary),
  };
}

/** What a live page needs after each change; null for a missing or foreign session. */
export async function sessionStats(userId: number, sessionId: number): Promise<SessionStats | null> {
  const s = await db().session.findFirst({ where: { id: sessionId, userId }, select: statsSelect });
  return s ? toStats(s) : null;
}
