import "server-only";
import { authenticateToken } from "@/lib/tokens";
import { AppError } from "@/lib/http/errors";
import { hashToken, TOKEN_PATTERN } from "@/lib/auth/secrets";
import { ingestWithToken, type IngestResult } from "@/lib/ingest/store";
import { logRejectedUpload } from "@/lib/ingest/diagnostics";
import { parseTorqueUpload } from "@/lib/torque/protocol";

/** Form bodies are tiny in practice (the largest real request is 13.4 KB); 64 KiB bounds the work. */
export const MAX_UPLOAD_BODY_BYTES = 64 * 1024;

/** The token from `Authorization: Bearer …` (Torque ≥ 1.10.249 over https) or the path (all versions). */
export function presentedToken(request: Request, pathToken: string | undefined): string | null {
  const header = request.headers.get("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? pathToken ?? null;
}

async function readFormBody(request: Request): Promise<[string, string][]> {
  if (request.method !== "POST") return [];
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BODY_BYTES) throw new AppError("payload_too_large", `Request body over ${MAX_UPLOAD_BODY_BYTES} bytes.`);
  if (!request.body) return [];
  if (type !== "" && type !== "application/x-www-form-urlencoded") {
    throw new AppError("bad_request", `Unsupported content type "${type}": send the fields in the query string or as application/x-www-form-urlencoded.`);
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_UPLOAD_BODY_BYTES) {
      await reader.cancel();
      throw new AppError("payload_too_large", `Request body over ${MAX_UPLOAD_BODY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  return [...new URLSearchParams(Buffer.concat(chunks).toString("utf8"))];
}

const unknownToken = () => new AppError("unauthenticated", "Unknown or revoked upload token.");

/**
 * A refusal before the data reached the database (unreadable body, unparseable upload): logged
 * for the token's owner so "my uploads don't arrive" has an answer; a bad token wins (401).
 */
async function refuse(token: string, torqueId: string | null, error: AppError): Promise<never> {
  const owner = await authenticateToken(token, ["upload"]);
  if (!owner) throw unknownToken();
  await logRejectedUpload(owner.userId, torqueId, error.status, error.message);
  throw error;
}

/**
 * One upload request, end to end: parse → authenticate and store in one round trip. Resolves
 * only after the data is committed; every refusal is an AppError with the status the phone
 * should see. The happy path costs one database statement (torque_upload); only refusals pay
 * for a separate token lookup.
 */
export async function handleUploadRequest(request: Request, pathToken: string | undefined): Promise<IngestResult> {
  const token = presentedToken(request, pathToken);
  if (!token) throw new AppError("unauthenticated", "Missing upload token: put it in the URL (/api/upload/<token>) or send Authorization: Bearer <token>.");
  if (!TOKEN_PATTERN.test(token)) throw unknownToken();

  const url = new URL(request.url);
  let params: [string, string][];
  try {
    params = [...url.searchParams, ...(await readFormBody(request))];
  } catch (error) {
    if (error instanceof AppError) await refuse(token, null, error);
    throw error;
  }
  const parsed = parseTorqueUpload(params);
  if (!parsed.ok) {
    const torqueId = url.searchParams.get("id")?.toLowerCase() ?? null;
    return refuse(token, torqueId, new AppError("bad_request", parsed.error.message, { field: parsed.error.field }));
  }
  const result = await ingestWithToken(hashToken(token), parsed.upload);
  if (result.outcome === "unauthenticated") throw unknownToken();
  if (result.outcome === "forbidden") {
    throw new AppError("forbidden", `Device ${parsed.upload.deviceId} is not in your allow-list: allow it in Settings → Devices.`);
  }
  return result;
}
