/**
 * Which requests are uploads, by path: `/api/upload` or `/api/upload/<token>`, with or without a
 * query. Pure (no server-only imports), so the custom server's upload fast path
 * (lib/ingest/node-upload.ts) and the access log (lib/server/access-log.ts) use one definition.
 */
export const UPLOAD_PATH = /^\/api\/upload(?:\/([^/?#]*))?\/?(?:[?#]|$)/;

/**
 * For a GET or POST to /api/upload[/<token>]: the path token (undefined when none). null for
 * every other request, which Next serves as usual (HEAD, OPTIONS, odd paths included).
 */
export function uploadPathToken(method: string | undefined, url: string | undefined): string | undefined | null {
  if (method !== "GET" && method !== "POST") return null;
  const match = url ? UPLOAD_PATH.exec(url) : null;
  if (!match) return null;
  try {
    return match[1] ? decodeURIComponent(match[1]) : undefined;
  } catch {
    return null; // malformed escape: let Next answer it
  }
}
