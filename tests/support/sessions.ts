import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";

/** Devices, profiles and sessions written straight into the database, for list and bulk tests. */
export async function makeDevice(userId: number, nickname: string | null = null) {
  return db().device.create({ data: { userId, torqueId: randomBytes(16).toString("hex"), nickname } });
}

export async function makeProfile(userId: number, deviceId: number, name: string) {
  return db().vehicleProfile.create({ data: { userId, deviceId, name } });
}

export interface SessionSeed {
  deviceId: number;
  startedAt: Date;
  profileId?: number | null;
  sampleCount?: number;
  durationS?: number | null;
  distanceKm?: number | null;
  maxSpeedKmh?: number | null;
  fuelUsedL?: number | null;
  name?: string | null;
  notes?: string | null;
  tags?: string[];
  hasGps?: boolean;
  pidKeys?: string[];
  /** Default: long ago, so the session is not live. */
  lastUploadAt?: Date;
}

export async function makeSession(userId: number, seed: SessionSeed) {
  return db().session.create({
    data: {
      userId,
      deviceId: seed.deviceId,
      profileId: seed.profileId ?? null,
      torqueSession: BigInt(seed.startedAt.getTime()),
      startedAt: seed.startedAt,
      endedAt: seed.durationS ? new Date(seed.startedAt.getTime() + seed.durationS * 1000) : null,
      lastUploadAt: seed.lastUploadAt ?? new Date(seed.startedAt.getTime() + 1000),
      sampleCount: seed.sampleCount ?? 0,
      durationS: seed.durationS ?? null,
      distanceKm: seed.distanceKm ?? null,
      maxSpeedKmh: seed.maxSpeedKmh ?? null,
      fuelUsedL: seed.fuelUsedL ?? null,
      name: seed.name ?? null,
      notes: seed.notes ?? null,
      tags: seed.tags ?? [],
      hasGps: seed.hasGps ?? false,
      pidKeys: seed.pidKeys ?? [],
    },
  });
}
