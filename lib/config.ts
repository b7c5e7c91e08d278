import path from "node:path";
import { z } from "zod";
import { tileUrlSetting } from "@/lib/geo/tile-source";

/**
 * Every setting comes from the environment and is validated once, with messages that name the
 * variable, so a typo fails at start instead of at the first upload. See .env.example.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

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
  // Largest trackLog.csv accepted by POST /api/v1/imports (bytes); larger answers 413.
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  // Map tiles behind GPS tracks (lib/geo/tile-source.ts); "none" for a plain background.
  MAP_TILE_URL: tileUrlSetting.optional(),
  // 1: /api/upload goes through Next's router like every other route (slower; for comparison
  // in bench/README.md). Default: the custom server serves it directly (lib/ingest/node-upload.ts).
  UPLOAD_VIA_NEXT: z.enum(["0", "1"]).default("0"),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty variables as unset: `FOO=` in a .env file means "default".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
