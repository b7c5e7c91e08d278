import { IncomingMessage, type ServerResponse } from "node:http";

/**
 * Malformed requests that Next would answer with a 500 ("our fault, retry") although the client
 * sent garbage; found by tests/integration/fuzz.test.ts. They get a 400 here, before Next:
 *
 * - A path that does not percent-decode to UTF-8 (`/api/upload/%C0%AF`): Next decodes route
 *   parameters with decodeURIComponent, which throws. (Query strings are decoded leniently by
 *   URLSearchParams: invalid sequences become U+FFFD.)
 * - TRACE and TRACK: the web Request that Next builds for a route handler refuses them (throws).
 * - A multipart POST to a page whose body is not valid multipart: Next tries to decode it as a
 *   no-JavaScript Server Action form and throws. We parse it first (bounded, like Next's own
 *   1 MB Server Action limit) and hand Next a copy of the request with the same body.
 */
const ACTION_BODY_LIMIT = 1024 * 1024;

const FORBIDDEN_METHODS = new Set(["TRACE", "TRACK"]);

function refuse(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): null {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close", ...extra });
  res.end(`Error: ${message}\n`);
  return null;
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** The request to hand to Next (the same one, or a replay of it), or null when already answered. */
export async function guardRequest(req: IncomingMessage, res: ServerResponse): Promise<IncomingMessage | null> {
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
  if (req.method === "POST" && !pathname.startsWith("/api/") && type.toLowerCase().startsWith("multipart/form-data")) {
    return checkedMultipart(req, res, type);
  }
  return req;
}

async function checkedMultipart(req: IncomingMessage, res: ServerResponse, type: string): Promise<IncomingMessage | null> {
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
