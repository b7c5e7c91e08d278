import type { Operation } from "@/lib/api/operation";
import { listDevices, listPids } from "@/lib/api/v1/devices";
import { importTrackLogs } from "@/lib/api/v1/imports";
import { getSession, getSessionSamples } from "@/lib/api/v1/sessions";

/** Every operation of API v1: the OpenAPI document and the contract tests iterate this list. */
export const OPERATIONS: readonly Operation[] = [getSession, getSessionSamples, listDevices, listPids, importTrackLogs];
