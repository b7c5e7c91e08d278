import type { Operation } from "@/lib/api/operation";
import { listDevices, listPids } from "@/lib/api/v1/devices";
import { importTrackLogs } from "@/lib/api/v1/imports";
import { createExportOp, deleteSessionOp, listSessionsOp, mergeSessionsOp, patchSessionOp } from "@/lib/api/v1/session-writes";
import { getSession, getSessionSamples } from "@/lib/api/v1/sessions";

/** Every operation of API v1: the OpenAPI document and the contract tests iterate this list. */
export const OPERATIONS: readonly Operation[] = [
  listSessionsOp,
  getSession,
  patchSessionOp,
  deleteSessionOp,
  getSessionSamples,
  mergeSessionsOp,
  createExportOp,
  listDevices,
  listPids,
  importTrackLogs,
];
