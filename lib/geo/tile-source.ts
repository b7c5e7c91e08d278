import { z } from "zod";

/**
 * Where map tiles come from: MAP_TILE_URL, a template with {z}, {x} and {y}; OpenStreetMap's
 * standard tiles by default; "none" (or "off") draws tracks on a plain background and makes
 * the browser fetch nothing from elsewhere. The page's Content-Security-Policy must allow the
 * template's origin in img-src.
 */
export const DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

export const tileUrlSetting = z
  .string()
  .trim()
  .refine(
    (v) => /^(none|off)$/i.test(v) || (/^https?:\/\/[^\s]+$/.test(v) && ["{z}", "{x}", "{y}"].every((p) => v.includes(p))),
    'must be an http(s) URL containing {z}, {x} and {y}, or "none"',
  );

export function tileUrlTemplate(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env.MAP_TILE_URL?.trim();
  if (!raw) return DEFAULT_TILE_URL;
  const parsed = tileUrlSetting.safeParse(raw);
  if (!parsed.success || /^(none|off)$/i.test(parsed.data)) return null;
  return parsed.data;
}
