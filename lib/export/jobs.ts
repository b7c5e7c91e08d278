import "server-only";
import { randomBytes } from "node:crypto";
import { limits } from "@/lib/config";
import { AppError } from "@/lib/http/errors";

/**
 * Downloads in progress, per user, in this process: they enforce the limit of concurrent
 * exports per user, let the page show progress (sessions done, bytes sent) and let the user
 * cancel one. In memory on purpose: an export lives exactly as long as its HTTP response, and
 * the server is one process. Finished entries stay a few minutes so a last poll sees the end.
 */
/** EXPORT_MAX_CONCURRENT (default 2). */
const maxExportsPerUser = () => limits().exportMaxConcurrent;
const KEEP_FINISHED_MS = 5 * 60_000;
const RETRY_AFTER_S = 15;

export type ExportState = "running" | "done" | "cancelled" | "failed";

export interface ExportJob {
  readonly id: string;
  readonly userId: number;
  readonly kind: "zip" | "session";
  /** Sessions in the download, when known in advance (not for a filter still being read). */
  total: number | null;
  done: number;
  bytes: number;
  state: ExportState;
  readonly startedAt: number;
  endedAt: number | null;
  /** Aborted when the client goes away, the user cancels, or the export ends. */
  readonly controller: AbortController;
}

export interface ExportProgress {
  id: string;
  kind: "zip" | "session";
  state: ExportState;
  total: number | null;
  done: number;
  bytes: number;
  startedAt: string;
  endedAt: string | null;
}

const registryKey = Symbol.for("torque-logserver.export-jobs");
// On globalThis: Next may bundle this module into several route chunks; they must share one registry.
const store = globalThis as unknown as { [registryKey]?: Map<string, ExportJob> };
const jobs = (store[registryKey] ??= new Map<string, ExportJob>());

const keyOf = (userId: number, id: string) => `${userId}:${id}`;

function prune(now: number): void {
  for (const [key, job] of jobs) if (job.endedAt !== null && now - job.endedAt > KEEP_FINISHED_MS) jobs.delete(key);
}

/** Registers a new export; 429 (with Retry-After) when the user already runs the maximum. */
export function beginExport(userId: number, kind: ExportJob["kind"], options: { id?: string; total?: number | null } = {}): ExportJob {
  const now = Date.now();
  prune(now);
  let running = 0;
  for (const job of jobs.values()) if (job.userId === userId && job.state === "running") running++;
  if (running >= maxExportsPerUser()) {
    throw new AppError(
      "rate_limited",
      `${maxExportsPerUser()} downloads are already running for your account. Wait for one to finish (or cancel it), then try again.`,
      { retryAfterS: RETRY_AFTER_S },
    );
  }
  const id = options.id ?? randomBytes(12).toString("base64url");
  const existing = jobs.get(keyOf(userId, id));
  if (existing?.state === "running") throw new AppError("conflict", "A download with this job id is already running.", { field: "job" });
  const job: ExportJob = {
    id,
    userId,
    kind,
    total: options.total ?? null,
    done: 0,
    bytes: 0,
    state: "running",
    startedAt: now,
    endedAt: null,
    controller: new AbortController(),
  };
  jobs.set(keyOf(userId, id), job);
  return job;
}

/** Marks the end (first call wins) and aborts whatever still works for it. */
export function endExport(job: ExportJob, state: Exclude<ExportState, "running">): void {
  if (job.state !== "running") return;
  job.state = state;
  job.endedAt = Date.now();
  if (!job.controller.signal.aborted) job.controller.abort(new Error(`export ${state}`));
}

export function exportProgress(userId: number, id: string): ExportProgress | null {
  prune(Date.now());
  const job = jobs.get(keyOf(userId, id));
  if (!job) return null;
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    total: job.total,
    done: job.done,
    bytes: job.bytes,
    startedAt: new Date(job.startedAt).toISOString(),
    endedAt: job.endedAt === null ? null : new Date(job.endedAt).toISOString(),
  };
}

/** Cancels the user's export; false when there is no such export (or it already ended). */
export function cancelExport(userId: number, id: string): boolean {
  const job = jobs.get(keyOf(userId, id));
  if (!job || job.state !== "running") return false;
  endExport(job, "cancelled");
  return true;
}

/**
 * What a download's body fails with when its export stopped early: a cancelled one as an
 * AbortError (Next ends the response without logging it as a server error), a failed one
 * as an error. Never a clean end: a truncated file must not look complete.
 */
export function stoppedEarly(job: ExportJob): Error | null {
  if (job.state === "cancelled") return new DOMException("The download was cancelled.", "AbortError");
  if (job.state === "failed") return new Error("The download failed.");
  return null;
}
