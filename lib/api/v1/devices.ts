import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { deviceSchema, pidSchema } from "@/lib/api/v1/schemas";

export const listDevices = defineOperation({
  id: "listDevices",
  method: "GET",
  path: "/api/v1/devices",
  tag: "Devices",
  summary: "The devices (phones) that uploaded to your account",
  permission: "readData",
  response: z.object({ devices: z.array(deviceSchema) }),
  etag: true,
});

export const listPids = defineOperation({
  id: "listPids",
  method: "GET",
  path: "/api/v1/pids",
  tag: "Devices",
  summary: "Every PID seen on your devices, with Torque's names and units",
  description: "When devices disagree on a name or unit, the most recently updated wins; `devices` lists where each PID was seen.",
  permission: "readData",
  query: z.object({ device: z.coerce.number().int().min(1).optional().describe("Only this device's PIDs") }),
  response: z.object({ pids: z.array(pidSchema.extend({ devices: z.array(z.number().int()) })) }),
  etag: true,
});
