import { readFileSync } from "node:fs";
import { IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";

/**
 * Malformed requests that Next would answer with a 500 ("our fault, retry") although the client
 * sent garbage; found by tests/integration/fuzz.test.ts. They get a 4xx here, before Next:
 *
 * - A path that does not percent-decode to UTF-8 (`/api/upload/%C0%AF`): Next decodes route
 *   parameters with decodeURIComponent, which throws. (Query strings are decoded leniently by
 *   URLSearchParams: invalid sequences become U+FFFD.)
 * - TRACE and TRACK: the web Request that Next builds for a route handler refuses them (throws).
 * - A multipart POST to anything but a route handler (a page, or a missing path that renders the
 *   not-found page): Next decodes it as a no-JavaScript Server Action form and throws on a
 *   malformed body or one over its 1 MB limit. Such bodies are read and parsed here first (400 /
 *   413), and a valid one is handed on as a copy. Route handlers read their own bodies.
 */
const ACTION_BODY_LIMIT = 1024 * 1024;
const FORBIDDEN_METHODS = new Set(["TRACE", "TRACK"]);

export type RequestGuard = (req: IncomingMessage, res: ServerResponse) => Promise<IncomingMessage | null>;

function refuse(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): null {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close", ...extra });
  res.end(`Error: ${message}\n`);
  return null;
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** `/api/v1/sessions/[id]/route` → a pattern for the paths that reach that route handler. */
export function routeHandlerPattern(manifestKey: string): RegExp | null {
  if (!manifestKey.endsWith("/route")) return null;
  const segments = manifestKey.slice(0, -"/route".length).split("/").filter((s) => s && !/^\(.*\)$/.test(s));
  let pattern = "";
  for (const s of segments) {
    if (/^\[\[\.\.\..+\]\]$/.test(s)) pattern += "(?:/.*)?";
    else if (/^\[\.\.\..+\]$/.test(s)) pattern += "/.+";
    else if (/^\[.+\]$/.test(s)) pattern += "/[^/]+";
    else pattern += "/" + s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${pattern}/?$`);
}

/** The route handlers of the build in `.next` (none in dev mode, where the check is skipped). */
function loadRouteHandlers(root: string): RegExp[] | null {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/app-paths-manifest.json"), "utf8")) as Record<string, string>;
    return Object.keys(manifest).map(routeHandlerPattern).filter((p): p is RegExp => p !== null);
  } catch {
    return null;
  }
}

export function createRequestGuard(root: string): RequestGuard {
  const routeHandlers = loadRouteHandlers(root);
  return async (req, res) => {
    if (FORBIDDEN_METHODS.has(req.method ?? "")) {
      return refuse(res, 405, `method ${req.method} is not supported.`, { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" });
    }
    const pathname = pathOf(req.url ?? "/");
    if (pathname.includes("%")) {
      try {
        decodeURIComponent(pathname);
      } catch {
        return refuse(res, 400, "the URL path is not valid percent-encoded UTF-8.");
      }
    }
    const type = req.headers["content-type"] ?? "";
    if (routeHandlers && req.method === "POST" && type.toLowerCase().startsWith("multipart/form-data")) {
      // Dot segments resolved as the router resolves them (`/api/auth/../x` is `/api/x`).
      const normalised = new URL(pathname, "http://localhost").pathname;
      if (!routeHandlers.some((p) => p.test(normalised))) return checkedActionForm(req, res, type);
    }
    return req;
  };
}

async function checkedActionForm(req: IncomingMessage, res: ServerResponse, type: string): Promise<IncomingMessage | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > ACTION_BODY_LIMIT) return refuse(res, 413, `form body over ${ACTION_BODY_LIMIT} bytes.`);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  try {
    await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    return refuse(res, 400, "the form body is not valid multipart/form-data.");
  }
  // The original stream is consumed: Next reads this copy, which carries the same body.
  const replay = new IncomingMessage(req.socket);
  replay.method = req.method;
  replay.url = req.url;
  replay.httpVersion = req.httpVersion;
  replay.httpVersionMajor = req.httpVersionMajor;
  replay.httpVersionMinor = req.httpVersionMinor;
  replay.headers = req.headers;
  replay.rawHeaders = req.rawHeaders;
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  return replay;
}
