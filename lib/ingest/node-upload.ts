import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { uploadErrorResponse, uploadOk } from "@/lib/http/respond";
import { handleUploadRequest } from "@/lib/ingest/upload-request";

/**
 * /api/upload served by the custom HTTP server (scripts/start.ts) before Next's request handler.
 *
 * Why: a phone uploads every second, and Next's per-request routing and rendering pipeline costs
 * several times what storing the sample does (a trivial Next route handler serves ~1,100
 * requests/s on this machine, bare node:http ~40,000; see bench/README.md). The work is the very
 * same as app/api/upload's: this adapter turns the node request into a web Request, calls
 * handleUploadRequest, and writes the web Response — one code path, two entry points. The Next
 * route stays for `next dev` and for anyone running Next without the custom server.
 */
const UPLOAD_PATH = /^\/api\/upload(?:\/([^/?#]*))?\/?(?:[?#]|$)/;

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

function webRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method === "POST";
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * Answers one upload request; `extraHeaders` are the headers Next would add to every response
 * (next.config.js), so both entry points answer alike.
 */
export async function serveUpload(req: IncomingMessage, res: ServerResponse, pathToken: string | undefined, extraHeaders: [string, string][]): Promise<void> {
  let response: Response;
  try {
    await handleUploadRequest(webRequest(req), pathToken);
    response = uploadOk();
  } catch (error) {
    response = uploadErrorResponse(error);
  }
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = Object.fromEntries(extraHeaders);
  response.headers.forEach((value, key) => (headers[key] = value));
  headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}
