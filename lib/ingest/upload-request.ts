import "server-only";
import { limits } from "@/lib/config";
import { authenticateToken } from "@/lib/tokens";
import { readStreamBytes } from "@/lib/http/body";
import { formPairs } from "@/lib/http/form-pairs";
import { AppError } from "@/lib/http/errors";
import { hashToken, TOKEN_PATTERN } from "@/lib/auth/secrets";
import { ingestWithToken, type IngestResult } from "@/lib/ingest/store";
import { logRejectedUpload } from "@/lib/ingest/diagnostics";
import { logger } from "@/lib/log";
import { RateLimiter } from "@/lib/rate-limit";
import { parseTorqueUpload } from "@/lib/torque/protocol";

/**
 * What the upload handler needs of a request, whichever server received it: the Next route
 * passes a web Request (webUploadRequest), the custom server its node request
 * (lib/ingest/node-upload.ts) — without building a web Request per sample (a fifth of the
 * server's CPU per upload, bench/README.md section 7).
 */
export interface UploadRequest {
  method: string;
  /** The query string, without the `?`. */
  query: string;
  /** A header's value (name in lower case), null when absent. */
  header(name: string): string | null;
  /** The body stream (POST), null when there is none. */
  body(): ReadableStream<Uint8Array> | null;
}

export function webUploadRequest(request: Request): UploadRequest {
  const q = request.url.indexOf("?");
  return {
    method: request.method,
    query: q === -1 ? "" : request.url.slice(q + 1).split("#")[0],
    header: (name) => request.headers.get(name),
    body: () => request.body,
  };
}

/** The token from `Authorization: Bearer …` (Torque ≥ 1.10.249 over https) or the path (all versions). */
export function presentedToken(request: UploadRequest, pathToken: string | undefined): string | null {
  const header = request.header("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? pathToken ?? null;
}

/** Form bodies are tiny in practice (the largest real request is 13.4 KB); UPLOAD_MAX_BODY_BYTES bounds the work. */
async function readFormBody(request: UploadRequest): Promise<[string, string][]> {
  if (request.method !== "POST") return [];
  const maxBytes = limits().uploadMaxBodyBytes;
  const tooLarge = () => new AppError("payload_too_large", `Request body over ${maxBytes} bytes.`);
  const contentLength = request.header("content-length");
  if (Number(contentLength ?? "0") > maxBytes) throw tooLarge();
  const body = request.body();
  if (!body) return [];
  const type = (request.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "" && type !== "application/x-www-form-urlencoded") {
    throw new AppError("bad_request", `Unsupported content type "${type}": send the fields in the query string or as application/x-www-form-urlencoded.`);
  }
  const bytes = await readStreamBytes(body, contentLength, maxBytes, tooLarge);
  return formPairs(bytes?.toString("utf8") ?? "");
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

// One per process (per instance, see lib/rate-limit.ts), shared through globalThis by every
// route bundle that includes this module. null: UPLOAD_RATE_PER_S=0, no limit.
const LIMITER_KEY = Symbol.for("torque-logserver.upload-rate-limiter");
function uploadLimiter(): RateLimiter | null {
  const holder = globalThis as unknown as Record<symbol, RateLimiter | null | undefined>;
  if (holder[LIMITER_KEY] === undefined) {
    const { uploadRatePerS, uploadRateBurst } = limits();
    holder[LIMITER_KEY] = uploadRatePerS > 0 ? new RateLimiter({ perSecond: uploadRatePerS, burst: uploadRateBurst }) : null;
  }
  return holder[LIMITER_KEY];
}

/**
 * One upload request, end to end: parse → rate limit → authenticate and store in one round
 * trip. Resolves only after the data is committed; every refusal is an AppError with the status
 * the phone should see. The happy path costs one database statement (torque_upload); only
 * refusals pay for a separate token lookup. A request the database has not answered within
 * UPLOAD_TIMEOUT_MS gets 503 instead of hanging: Torque sends it again, and a retry of a sample
 * that did commit is a duplicate.
 */
export async function handleUploadRequest(request: Request, pathToken: string | undefined): Promise<IngestResult> {
  return handleUpload(webUploadRequest(request), pathToken);
}

/** handleUploadRequest for either server's request (see UploadRequest). */
export async function handleUpload(request: UploadRequest, pathToken: string | undefined): Promise<IngestResult> {
  const timeoutMs = limits().uploadTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      logger.warn("upload not answered in time", { timeoutMs });
      reject(new AppError("unavailable", `The database did not answer within ${timeoutMs / 1000} s; retry later.`, { retryAfterS: 5 }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([processUpload(request, pathToken), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function processUpload(request: UploadRequest, pathToken: string | undefined): Promise<IngestResult> {
  const token = presentedToken(request, pathToken);
  if (!token) throw new AppError("unauthenticated", "Missing upload token: put it in the URL (/api/upload/<token>) or send Authorization: Bearer <token>.");
  if (!TOKEN_PATTERN.test(token)) throw unknownToken();
  const tokenHash = hashToken(token);
  // Keyed by the token's hash, so the limit costs no database lookup; an unknown token that
  // floods is refused here too, before any query.
  const retryAfterS = uploadLimiter()?.take(`upload:${tokenHash}`) ?? 0;
  if (retryAfterS > 0) {
    // Not written to upload_log: a flood must not turn into a flood of writes.
    throw new AppError("rate_limited", `Too many uploads for this token; retry in ${retryAfterS} s.`, { retryAfterS });
  }

  let params = formPairs(request.query);
  try {
    params = params.concat(await readFormBody(request));
  } catch (error) {
    if (error instanceof AppError) await refuse(token, null, error);
    throw error;
  }
  const parsed = parseTorqueUpload(params, { maxKeys: limits().uploadMaxKeys });
  if (!parsed.ok) {
    const torqueId = params.find(([key]) => key === "id")?.[1].toLowerCase() ?? null;
    return refuse(token, torqueId, new AppError("bad_request", parsed.error.message, { field: parsed.error.field }));
  }
  const result = await ingestWithToken(tokenHash, parsed.upload);
  if (result.outcome === "unauthenticated") throw unknownToken();
  if (result.outcome === "forbidden") {
    throw new AppError("forbidden", `Device ${parsed.upload.deviceId} is not in your allow-list: allow it in Settings → Devices.`);
  }
  return result;
}
