/**
 * The Content-Security-Policy of HTML pages (set per request by proxy.ts). Scripts run only
 * with this response's nonce ('strict-dynamic' lets those load Next's chunks), so an injected
 * <script> or inline handler (`onerror=…`) never runs. Styles keep 'unsafe-inline': React's
 * style={…} attributes and chart libraries write inline styles, which cannot carry a nonce, and
 * style injection cannot run code.
 */
export const DEFAULT_TILE_ORIGIN = "https://tile.openstreetmap.org";

/**
 * The origin(s) map tiles load from, for img-src: from MAP_TILE_URL (a Leaflet-style template,
 * "https://{s}.tile.example.com/{z}/{x}/{y}.png" → "https://*.tile.example.com"), else OSM's.
 */
export function tileSource(mapTileUrl: string | undefined): string {
  if (!mapTileUrl?.trim()) return DEFAULT_TILE_ORIGIN;
  const match = /^(https?):\/\/([^/?#]+)/i.exec(mapTileUrl.trim());
  if (!match) return DEFAULT_TILE_ORIGIN;
  const host = match[2].replace(/\{[a-z]+\}/gi, "*");
  // Anything but a plain host pattern (after the {s} wildcard) would widen the policy: refuse it.
  if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(host)) return DEFAULT_TILE_ORIGIN;
  return `${match[1].toLowerCase()}://${host.toLowerCase()}`;
}

export interface CspOptions {
  nonce: string;
  dev: boolean;
  https: boolean;
  mapTileUrl?: string;
}

export function contentSecurityPolicy({ nonce, dev, https, mapTileUrl }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    // React's dev build needs eval for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${tileSource(mapTileUrl)}`,
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only over https: on a plain-http LAN install it would send every asset request to https.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}
