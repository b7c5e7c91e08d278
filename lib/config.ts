import path from "node:path";
import { z } from "zod";
import { tileUrlSetting } from "@/lib/geo/tile-source";

/**
 * Every setting comes from the environment and is validated once, with messages that name the
 * variable, so a typo fails at start instead of at the first upload. See .env.example.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3 };

/** "65536", "64KiB", "100MB", "1g": sizes the way people write them in a .env file. */
export function parseByteSize(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  return match && unit !== undefined ? Math.round(Number(match[1]) * unit) : Number.NaN;
}

const byteSize = (fallback: number, min: number, max: number) =>
  z.preprocess(
    parseByteSize,
    z
      .number({ error: "must be a size such as 65536, 64KiB or 100MB" })
      .int()
      .min(min, `must be at least ${min} bytes`)
      .max(max, `must be at most ${max} bytes`)
      .default(fallback),
  );

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z.object({
  PORT: port(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  EMBEDDED_PG_PORT: port(54329),
  PUBLIC_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  // On only behind a reverse proxy that appends the client's address to X-Forwarded-For.
  TRUST_PROXY: z
    .enum(["0", "1", "false", "true", "no", "yes"], "must be 1/0, true/false or yes/no")
    .default("0")
    .transform((v) => v === "1" || v === "true" || v === "yes"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Map tiles behind GPS tracks (lib/geo/tile-source.ts); "none" for a plain background.
  MAP_TILE_URL: tileUrlSetting.optional(),
  // 1: /api/upload goes through Next's router like every other route (slower; for comparison
  // in bench/README.md). Default: the custom server serves it directly (lib/ingest/node-upload.ts).
  UPLOAD_VIA_NEXT: z.enum(["0", "1"]).default("0"),
  /** `npm start` builds the app when sources are newer than the build; "never" for images built ahead (Docker). */
  BUILD_ON_START: z.enum(["auto", "never"]).default("auto"),

  // Limits (see docs/operations.md). All are per server process ("per instance").
  /** Largest accepted upload body (POST form); the biggest real Torque request is 13.4 KB. */
  UPLOAD_MAX_BODY_BYTES: byteSize(64 * 1024, 16 * 1024, 16 * 1024 ** 2),
  /** Keys per upload request; Torque's metadata request has 438. */
  UPLOAD_MAX_KEYS: int(1000, 500, 100_000),
  /** Sustained uploads per second per token (token bucket); 0 turns the limit off. */
  UPLOAD_RATE_PER_S: z.coerce.number().min(0).max(100_000).default(200),
  /** Uploads a token may send at once before the sustained rate applies. */
  UPLOAD_RATE_BURST: int(1000, 1, 1_000_000),
  /** The open API's per-token (or per-user) rate, read by lib/api/route.ts; validated here. */
  API_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).default(20),
  API_RATE_BURST: int(60, 1, 1_000_000),
  /** An upload not answered within this many ms gets 503 (Torque retries it); bounds hangs on a stalled database. */
  UPLOAD_TIMEOUT_MS: int(10_000, 1_000, 120_000),
  /** Largest trackLog.csv accepted by POST /api/v1/imports and the import page; larger answers 413. */
  IMPORT_MAX_BYTES: byteSize(100 * 1024 ** 2, 1024, 10 * 1024 ** 3),
  /** Downloads (zip exports) one user may run at the same time. */
  EXPORT_MAX_CONCURRENT: int(2, 1, 50),
  /** Connections to PostgreSQL per server process. */
  DB_POOL_SIZE: int(10, 1, 200),
  /** Group commit (lib/ingest/group-commit.ts): uploads per transaction at most; 1 turns grouping off. */
  UPLOAD_GROUP_MAX: int(64, 1, 1000),
  /** Upload transactions in the database at once; more queue up and form the next groups. */
  UPLOAD_GROUP_IN_FLIGHT: int(1, 1, 200),
  /** SIGTERM: how long in-flight requests may take before their connections are closed. */
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  /**
   * 1 (default): every minute, pack the samples of quiet sessions into compressed chunks
   * (lib/samples/write.ts compactIdleSessions; ~2.6× less disk, bench/README.md). Every reader
   * and editor of samples reads both layouts. 0 keeps every sample as a hot row (opt-out; what
   * is already packed stays packed and readable).
   */
  SAMPLE_PACKING: z.enum(["0", "1"]).default("1"),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

/** Every variable the server reads (.env.example documents each one; a test checks it). */
export const CONFIG_KEYS = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Treat empty variables as unset: `FOO=` in a .env file means "default".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

export interface Limits {
  uploadMaxBodyBytes: number;
  uploadMaxKeys: number;
  uploadRatePerS: number;
  uploadRateBurst: number;
  uploadTimeoutMs: number;
  apiRatePerS: number;
  apiRateBurst: number;
  importMaxBytes: number;
  exportMaxConcurrent: number;
  uploadGroupMax: number;
  uploadGroupInFlight: number;
}

let cachedLimits: Limits | null = null;

/**
 * The limits, read from the environment once per process (the start script validated it
 * already, so this cannot fail in the server). Import and export helpers read theirs here.
 */
export function limits(): Limits {
  if (cachedLimits) return cachedLimits;
  const c = loadConfig();
  cachedLimits = {
    uploadMaxBodyBytes: c.UPLOAD_MAX_BODY_BYTES,
    uploadMaxKeys: c.UPLOAD_MAX_KEYS,
    uploadRatePerS: c.UPLOAD_RATE_PER_S,
    uploadRateBurst: c.UPLOAD_RATE_BURST,
    uploadTimeoutMs: c.UPLOAD_TIMEOUT_MS,
    apiRatePerS: c.API_RATE_PER_SECOND,
    apiRateBurst: c.API_RATE_BURST,
    importMaxBytes: c.IMPORT_MAX_BYTES,
    exportMaxConcurrent: c.EXPORT_MAX_CONCURRENT,
    uploadGroupMax: c.UPLOAD_GROUP_MAX,
    uploadGroupInFlight: c.UPLOAD_GROUP_IN_FLIGHT,
  };
  return cachedLimits;
}
