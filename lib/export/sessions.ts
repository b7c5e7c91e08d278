import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import type { PidInfo } from "./columns";
import type { SessionSummary } from "./session-json";

/** What an export needs of a session: its summary, its device and its PID column list. */
export interface ExportSession extends SessionSummary {
  deviceId: number;
  pidKeys: string[];
}

const SELECT = {
  id: true,
  torqueSession: true,
  deviceId: true,
  startedAt: true,
  endedAt: true,
  durationS: true,
  distanceKm: true,
  sampleCount: true,
  name: true,
  notes: true,
  tags: true,
  pidKeys: true,
  profile: { select: { name: true } },
  device: { select: { nickname: true, torqueId: true } },
} as const;

type Row = {
  id: number;
  torqueSession: bigint;
  deviceId: number;
  startedAt: Date;
  endedAt: Date | null;
  durationS: number | null;
  distanceKm: number | null;
  sampleCount: number;
  name: string | null;
  notes: string | null;
  tags: string[];
  pidKeys: string[];
  profile: { name: string } | null;
  device: { nickname: string | null; torqueId: string };
};

function toExportSession(r: Row): ExportSession {
  return {
    id: r.id,
    torqueSession: r.torqueSession.toString(),
    deviceId: r.deviceId,
    startedAt: r.startedAt.getTime(),
    endedAt: r.endedAt?.getTime() ?? null,
    durationS: r.durationS,
    distanceKm: r.distanceKm,
    sampleCount: r.sampleCount,
    name: r.name,
    notes: r.notes,
    tags: r.tags,
    pidKeys: r.pidKeys,
    // The vehicle is Torque's profile name; a device's nickname stands in when no profile was sent.
    vehicle: r.profile?.name ?? r.device.nickname ?? null,
    device: r.device.nickname ?? r.device.torqueId.slice(0, 8),
  };
}

/**
 * The user's sessions with these ids, in the order asked, in one query. Any id that is not
 * the user's (missing or someone else's, indistinguishable) -> 404 naming it, before any
 * byte of a download is sent.
 */
export async function ownedExportSessions(userId: number, ids: readonly number[]): Promise<ExportSession[]> {
  const found = await loadSessions(userId, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(", ") + (missing.length > 5 ? ` and ${missing.length - 5} more` : "");
    throw notFound(`No such session${missing.length > 1 ? "s" : ""}: ${shown}.`);
  }
  return ids.map((id) => found.get(id) as ExportSession);
}

/** Like ownedExportSessions but skips ids that are gone (deleted while a long export runs). */
export async function existingExportSessions(userId: number, ids: readonly number[]): Promise<ExportSession[]> {
  const found = await loadSessions(userId, ids);
  return ids.flatMap((id) => found.get(id) ?? []);
}

async function loadSessions(userId: number, ids: readonly number[]): Promise<Map<number, ExportSession>> {
  if (ids.length === 0) return new Map();
  const rows = await db().session.findMany({ where: { userId, id: { in: [...ids] } }, select: SELECT });
  return new Map(rows.map((r) => [r.id, toExportSession(r)]));
}

/** What the device said about its PIDs (names, stored units), by key. */
export async function devicePidInfo(deviceId: number): Promise<Map<string, PidInfo>> {
  const rows = await db().pidMeta.findMany({ where: { deviceId }, select: { key: true, fullName: true, defaultUnit: true } });
  return new Map(rows.map((r) => [r.key, { fullName: r.fullName, defaultUnit: r.defaultUnit }]));
}

/** devicePidInfo with a cache, for exports spanning many sessions of few devices. */
export function pidInfoCache(): (deviceId: number) => Promise<Map<string, PidInfo>> {
  const cache = new Map<number, Promise<Map<string, PidInfo>>>();
  return (deviceId) => {
    let hit = cache.get(deviceId);
    if (hit === undefined) {
      hit = devicePidInfo(deviceId);
      cache.set(deviceId, hit);
    }
    return hit;
  };
}

/** The user's unit system and time zone: the defaults of an export. */
export async function exportUserSettings(userId: number): Promise<{ timeZone: string | null; unitSystem: string }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { timeZone: true, unitSystem: true } });
  if (!user) throw notFound("No such user.");
  return user;
}
