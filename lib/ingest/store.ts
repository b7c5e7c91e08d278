import "server-only";
import { limits } from "@/lib/config";
import { GroupCommitter, type CallValue } from "@/lib/ingest/group-commit";
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

/** torque_ingest's parameters after the owner, in the function's order. */
function ingestParameters(upload: TorqueUpload): CallValue[] {
  const keys = [...upload.values.keys()];
  const values = keys.map((k) => upload.values.get(k) as number);
  const meta = metadataColumns(upload);
  const profile = upload.profile;
  const fuelType = profile?.fuelType !== undefined && Number.isInteger(profile.fuelType) ? profile.fuelType : null;
  const keyCount = upload.values.size + upload.skipped.length + meta.keys.length;
  return [
    upload.deviceId, upload.email, String(upload.session), String(upload.time),
    keys, values, profile?.name ?? null, fuelType, profile?.weight ?? null, profile?.ve ?? null, profile?.fuelCost ?? null,
    meta.keys, meta.full, meta.short, meta.defaults, meta.users,
    upload.notice?.text ?? null, upload.notice?.noticeClass ?? null, keyCount, upload.skipped.length,
  ];
}

export type TokenIngestResult = { outcome: "unauthenticated" } | (IngestResult & { userId: number });

/** torque_upload's parameter types, in order: the token hash, then ingestParameters(). */
const UPLOAD_PARAMETER_TYPES = [
  "text", "text", "text", "bigint", "bigint",
  "text[]", "float8[]", "text", "int", "float8", "float8", "float8",
  "text[]", "text[]", "text[]", "text[]", "text[]", "text", "text", "int", "int",
];

/** `$1::t1, $2::t2, …` for a call to a function taking these types. */
const castParameters = (types: string[]) => types.map((type, i) => `$${i + 1}::${type}`).join(", ");

// Named statements: each pooled connection plans them once, then only binds parameters.
const UPLOAD_STATEMENT = {
  name: "torque_upload_v1",
  text: `SELECT outcome, session_id, device_id, user_id FROM torque_upload(${castParameters(UPLOAD_PARAMETER_TYPES)})`,
};

// A group's uploads in one statement (lib/ingest/group-commit.ts): each parameter is an array
// with one entry per upload; an upload's own arrays (PIDs, values, metadata columns) come as
// array literals (text), cast back by torque_upload_group.
const GROUP_STATEMENT = {
  name: "torque_upload_group_v1",
  text: `SELECT outcome, session_id, device_id, user_id FROM torque_upload_group(${castParameters(
    UPLOAD_PARAMETER_TYPES.map((type) => (type.endsWith("[]") ? "text[]" : `${type}[]`)),
  )})`,
};

/**
 * The upload path's single round trip: authenticates the upload token (by its sha256) and
 * stores the upload in one statement (torque_upload), in a transaction of its own or shared with
 * uploads that arrived meanwhile (group commit, lib/ingest/group-commit.ts). Committed on return.
 * Typed raw SQL on the shared pool rather than Prisma: this runs once per sample per phone, and
 * Prisma's raw-query pipeline would cost more CPU than the database does (bench/README.md).
 */
type UploadRow = { outcome: IngestOutcome | "unauthenticated"; session_id: number | null; device_id: number; user_id: number };

let committer: GroupCommitter<UploadRow> | undefined;

export async function ingestWithToken(tokenHash: string, upload: TorqueUpload): Promise<TokenIngestResult> {
  committer ??= new GroupCommitter<UploadRow>({ single: UPLOAD_STATEMENT, group: GROUP_STATEMENT }, { maxGroup: limits().uploadGroupMax, maxInFlight: limits().uploadGroupInFlight });
  // Token, device, session: the order in which a group takes its row locks.
  const row = await committer.run([tokenHash, ...ingestParameters(upload)], `${tokenHash} ${upload.deviceId} ${upload.session}`);
  if (row.outcome === "unauthenticated") return { outcome: "unauthenticated" };
  return { outcome: row.outcome, sessionId: row.session_id, deviceId: row.device_id, userId: row.user_id };
}
