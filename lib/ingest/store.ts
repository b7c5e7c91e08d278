import "server-only";
import { db } from "@/lib/db/client";
import type { TorqueUpload } from "@/lib/torque/protocol";

export type IngestOutcome = "accepted" | "duplicate" | "forbidden";

export interface IngestResult {
  outcome: IngestOutcome;
  sessionId: number | null;
  deviceId: number;
}

/** The metadata columns of one request, one entry per PID, sorted so row locks come in one order. */
function metadataColumns(upload: TorqueUpload) {
  const keys = new Set<string>([
    ...upload.fullNames.keys(),
    ...upload.shortNames.keys(),
    ...upload.defaultUnits.keys(),
    ...upload.userUnits.keys(),
  ]);
  const sorted = [...keys].sort();
  return {
    keys: sorted,
    full: sorted.map((k) => upload.fullNames.get(k) ?? null),
    short: sorted.map((k) => upload.shortNames.get(k) ?? null),
    defaults: sorted.map((k) => upload.defaultUnits.get(k) ?? null),
    users: sorted.map((k) => upload.userUnits.get(k) ?? null),
  };
}

/**
 * Stores one parsed upload atomically (see torque_ingest in the migrations). Returns only once
 * the transaction is committed: the route answers `OK!` after this and never before.
 */
export async function ingestUpload(userId: number, upload: TorqueUpload): Promise<IngestResult> {
  const keys = [...upload.values.keys()];
  const values = keys.map((k) => upload.values.get(k) as number);
  const meta = metadataColumns(upload);
  const profile = upload.profile;
  const fuelType = profile?.fuelType !== undefined && Number.isInteger(profile.fuelType) ? profile.fuelType : null;
  const keyCount = upload.values.size + upload.skipped.length + meta.keys.length;

  const rows = await db().$queryRaw<{ outcome: IngestOutcome; session_id: number | null; device_id: number }[]>`
    SELECT outcome, session_id, device_id FROM torque_ingest(
      ${userId}::int, ${upload.deviceId}::text, ${upload.email}::text,
      ${BigInt(upload.session)}::bigint, ${BigInt(upload.time)}::bigint,
      ${keys}::text[], ${values}::float8[],
      ${profile?.name ?? null}::text, ${fuelType}::int, ${profile?.weight ?? null}::float8,
      ${profile?.ve ?? null}::float8, ${profile?.fuelCost ?? null}::float8,
      ${meta.keys}::text[], ${meta.full}::text[], ${meta.short}::text[], ${meta.defaults}::text[], ${meta.users}::text[],
      ${upload.notice?.text ?? null}::text, ${upload.notice?.noticeClass ?? null}::text,
      ${keyCount}::int, ${upload.skipped.length}::int
    )`;
  const row = rows[0];
  return { outcome: row.outcome, sessionId: row.session_id, deviceId: row.device_id };
}
