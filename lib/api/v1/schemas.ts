import { z } from "zod";
import { PID_KEY_PATTERN } from "@/lib/pids/pid-key";

/** Shared pieces of the v1 API schemas. */
export const idParam = z.object({
  id: z.coerce.number().int().min(1).max(2_147_483_647).describe("Session id"),
});

export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .describe("Every error answers with this envelope.");

export const pidKey = z
  .string()
  .regex(PID_KEY_PATTERN, "a PID key is lower-case hex without leading zeros, e.g. ff1005")
  .describe("Normalised Torque PID key: lower-case hex, no leading zeros (kc → c, userUnit0c → c).");

export const pidSchema = z.object({
  key: pidKey,
  name: z.string().nullable().describe("Torque's full name, as the phone sent it"),
  shortName: z.string().nullable(),
  unit: z.string().nullable().describe("Unit of the stored values (Torque's defaultUnit)"),
  userUnit: z.string().nullable().describe("The unit the user shows in the app (display only)"),
});

export const deviceSchema = z.object({
  id: z.number().int(),
  torqueId: z.string().describe("MD5 of the phone's Torque ID, as sent in `id`"),
  nickname: z.string().nullable(),
  email: z.string().nullable(),
  allowed: z.boolean(),
  lastSeenAt: z.string().nullable().describe("ISO 8601 UTC"),
  sessionCount: z.number().int(),
});

/** A session as lists show it (GET /api/v1/sessions items, PATCH answers). */
export const sessionItemSchema = z.object({
  id: z.number().int(),
  torqueSession: z.string().describe("Torque's session id: epoch ms at trip start, as a string"),
  deviceId: z.number().int(),
  device: z.string(),
  profileName: z.string().nullable(),
  startedAt: z.string().describe("ISO 8601 UTC"),
  endedAt: z.string().nullable(),
  sampleCount: z.number().int(),
  distanceKm: z.number().nullable(),
  durationS: z.number().nullable(),
  maxSpeedKmh: z.number().nullable(),
  fuelUsedL: z.number().nullable(),
  name: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  hasGps: z.boolean(),
  live: z.boolean(),
});
