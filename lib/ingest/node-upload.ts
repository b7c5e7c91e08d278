import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { UPLOAD_OK, uploadErrorResponse } from "@/lib/http/respond";
import { handleUpload, type UploadRequest } from "@/lib/ingest/upload-request";

/**
 * /api/upload served by the custom HTTP server (scripts/start.ts) before Next's request handler.
 *
 * Why: a phone uploads every second, and Next's per-request routing and rendering pipeline costs
 * several times what storing the sample does (a trivial Next route handler serves ~1,100
 * requests/s on this machine, bare node:http ~40,000; see bench/README.md). The work is the very
 * same as app/api/upload's (handleUpload, one code path, two entry points), but the node request
 * is read directly rather than through a web Request, Headers, URL and Response per sample:
 * 0.37 → 0.29 ms of server CPU per upload (bench/README.md, section 7). The Next route stays
 * for `next dev` and for anyone running Next without the custom server. Which requests are
 * uploads: lib/ingest/upload-path.ts.
 */

function nodeUploadRequest(req: IncomingMessage): UploadRequest {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  return {
    method: req.method ?? "GET",
    query: q === -1 ? "" : url.slice(q + 1),
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
    // Only a POST (never sent by Torque, which GETs) pays for a web stream.
    body: () => (req.method === "POST" ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null),
  };
}

/**
 * Answers one upload request; `extraHeaders` are the headers Next would add to every response
 * (next.config.js), so both entry points answer alike.
 */
export async function serveUpload(req: IncomingMessage, res: ServerResponse, pathToken: string | undefined, extraHeaders: [string, string][]): Promise<void> {
  const headers: Record<string, string> = Object.fromEntries(extraHeaders);
  try {
    await handleUpload(nodeUploadRequest(req), pathToken);
  } catch (error) {
    // A refusal: rare, so it goes through the same Response as the Next route's.
    const response = uploadErrorResponse(error);
    const body = Buffer.from(await response.arrayBuffer());
    response.headers.forEach((value, key) => (headers[key] = value));
    headers["content-length"] = String(body.length);
    res.writeHead(response.status, headers);
    res.end(body);
    return;
  }
  Object.assign(headers, UPLOAD_OK.headers);
  headers["content-length"] = String(Buffer.byteLength(UPLOAD_OK.body));
  res.writeHead(200, headers);
  res.end(UPLOAD_OK.body);
}
