/**
 * Lets a node:http server accept Torque Pro's request lines that contain raw
 * UTF-8 bytes (e.g. `defaultUnit5=\xC2\xB0C`, "°C").
 *
 * Why: llhttp (Node's HTTP parser) answers `400 Bad Request` to any request
 * target byte >= 0x80, even with `insecureHTTPParser`, and Torque cannot be
 * fixed. So we percent-encode those bytes (`\xC2` -> `%C2`) before llhttp sees
 * them. Only the request line is touched; headers and bodies pass unchanged,
 * which is why we track HTTP/1.x message framing (Content-Length, chunked).
 *
 * How: instead of wrapping each socket in a Duplex (a second stream layer that
 * must impersonate a net.Socket for http and Next.js and that costs on every
 * write), the real net.Socket is handed to the http server and only its
 * *incoming* bytes are rewritten, at `socket.push()`, the single point where
 * libuv reads enter the stream (lib/internal/stream_base_commons.js). Every
 * socket property (remoteAddress, setTimeout, destroyed, ...) and the server's
 * connection tracking (close/closeIdleConnections/keep-alive timeouts) stay
 * Node's own. The price is two Node-internal touch points, both checked by the
 * tests in raw-request-line.test.ts.
 */
import { isAscii } from "node:buffer";
import { createServer, type RequestListener, type Server as HttpServer, type ServerOptions } from "node:http";
import type { Duplex } from "node:stream";

/** The 13.4 KB Torque metadata request must fit, plus 3x growth of its encoded bytes. */
export const TORQUE_MAX_HEADER_SIZE = 64 * 1024;

// Framing states (plain numbers: cheapest to compare in the hot loop).
const REQUEST_LINE = 0;
const HEADERS = 1;
const BODY = 2; // Content-Length bytes left in `remaining`
const CHUNK_SIZE = 3;
const CHUNK_DATA = 4; // chunk bytes left in `remaining`
const CHUNK_DATA_END = 5; // the CRLF after chunk data
const TRAILERS = 6;
const PASSTHROUGH = 7; // framing unknown (upgrade, CONNECT, malformed): never touch bytes again

const LF = 0x0a;
const CR = 0x0d;
/** Only the start of a spanning header line is kept; the headers we read are short. */
const MAX_PENDING_LINE = 8 * 1024;
const HEX = "0123456789ABCDEF";
const CONNECT = Buffer.from("CONNECT ", "latin1");

/**
 * Incremental HTTP/1.x request framing tracker that percent-encodes bytes
 * >= 0x80 in request lines. Feed it the connection's bytes in order; chunk
 * boundaries may fall anywhere (even one byte per chunk).
 *
 * On anything it cannot frame exactly like llhttp would (both Content-Length
 * and Transfer-Encoding, duplicate or invalid lengths, upgrades), it switches
 * to passthrough for the rest of the connection: then llhttp either rejects the
 * message anyway or the bytes are not HTTP at all, and we must not rewrite what
 * might be a body.
 */
export class RequestLineFixer {
  private state = REQUEST_LINE;
  private remaining = 0;
  /** Bytes of the current request line seen so far (0 = still skipping blank lines). */
  private requestLineLength = 0;
  /** Bytes of "CONNECT " matched at the start of the request line (any chunking); -1 = other method. */
  private connectMatched = 0;
  private contentLength = -1;
  private transferEncoding: string | null = null;
  private upgrade = false;
  private badFraming = false;
  /** A header/chunk-size/trailer line that spans chunks; capped at MAX_PENDING_LINE. */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private pendingTruncated = false;

  get passthrough(): boolean {
    return this.state === PASSTHROUGH;
  }

  /** Returns the rewritten bytes: `chunk` itself (no copy) unless a request line had a high byte. */
  transform(chunk: Buffer): Buffer {
    if (this.state === PASSTHROUGH) return chunk;
    const length = chunk.length;
    let out: Buffer[] | null = null; // allocated only when something is rewritten
    let copiedUpTo = 0;
    let pos = 0;
    while (pos < length) {
      switch (this.state) {
        case REQUEST_LINE: {
          if (this.requestLineLength === 0) {
            // llhttp skips empty lines before a request line; so do we.
            while (pos < length && (chunk[pos] === CR || chunk[pos] === LF)) pos++;
            if (pos === length) break;
          }
          const lf = chunk.indexOf(LF, pos);
          const end = lf === -1 ? length : lf;
          for (let i = pos; i < end && this.connectMatched >= 0 && this.connectMatched < 8; i++) {
            this.connectMatched = chunk[i] === CONNECT[this.connectMatched] ? this.connectMatched + 1 : -1;
          }
          if (!isAscii(chunk.subarray(pos, end))) {
            out ??= [];
            out.push(chunk.subarray(copiedUpTo, pos), percentEncodeHighBytes(chunk, pos, end));
            copiedUpTo = end;
          }
          this.requestLineLength += end - pos;
          if (lf === -1) {
            pos = length;
          } else {
            pos = lf + 1;
            this.state = HEADERS;
            this.contentLength = -1;
            this.transferEncoding = null;
            this.upgrade = false;
            this.badFraming = false;
          }
          break;
        }
        case BODY:
        case CHUNK_DATA: {
          const n = Math.min(this.remaining, length - pos);
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            if (this.state === BODY) this.nextRequest();
            else this.state = CHUNK_DATA_END;
          }
          break;
        }
        case CHUNK_DATA_END: {
          // The CRLF after chunk data; anything else is llhttp's error to report.
          const lf = chunk.indexOf(LF, pos);
          if (lf === -1) {
            pos = length;
          } else {
            pos = lf + 1;
            this.state = CHUNK_SIZE;
          }
          break;
        }
        default: {
          // HEADERS, CHUNK_SIZE, TRAILERS: line oriented.
          const lf = chunk.indexOf(LF, pos);
          if (lf === -1) {
            this.appendPending(chunk, pos, length);
            pos = length;
            break;
          }
          let line = chunk;
          let start = pos;
          let end = lf;
          if (this.pendingLength > 0) {
            this.appendPending(chunk, pos, lf);
            line = Buffer.concat(this.pending);
            start = 0;
            end = line.length;
          }
          if (end > start && line[end - 1] === CR) end--;
          pos = lf + 1;
          this.onLine(line, start, end, this.pendingTruncated);
          this.pending = [];
          this.pendingLength = 0;
          this.pendingTruncated = false;
          if (this.state === PASSTHROUGH) pos = length;
        }
      }
    }
    if (out === null) return chunk;
    out.push(chunk.subarray(copiedUpTo));
    return Buffer.concat(out);
  }

  private appendPending(chunk: Buffer, start: number, end: number): void {
    const room = MAX_PENDING_LINE - this.pendingLength;
    if (end - start > room) {
      end = start + room;
      this.pendingTruncated = true;
    }
    if (end > start) {
      // Copy, so a held partial line does not pin the whole read buffer.
      this.pending.push(Buffer.from(chunk.subarray(start, end)));
      this.pendingLength += end - start;
    }
  }

  /** A complete line (CRLF stripped) in HEADERS, CHUNK_SIZE or TRAILERS state. */
  private onLine(line: Buffer, start: number, end: number, truncated: boolean): void {
    if (this.state === HEADERS) {
      if (end === start && !truncated) this.endOfHeaders();
      else this.onHeader(line, start, end, truncated);
    } else if (this.state === CHUNK_SIZE) {
      // Hex size, then optional `;extensions`. > 13 hex digits is not a safe
      // integer (llhttp rejects overflow anyway); no digits is malformed.
      const digits = /^[0-9a-f]*/i.exec(line.toString("latin1", start, Math.min(end, start + 16)))?.[0] ?? "";
      if (digits.length === 0 || digits.length > 13 || truncated) {
        this.state = PASSTHROUGH;
        return;
      }
      const size = parseInt(digits, 16);
      if (size === 0) {
        this.state = TRAILERS;
      } else {
        this.remaining = size;
        this.state = CHUNK_DATA;
      }
    } else if (end === start && !truncated) {
      this.nextRequest(); // empty line ends the trailers
    }
  }

  private onHeader(line: Buffer, start: number, end: number, truncated: boolean): void {
    // Cheap first-byte filter: almost every header is none of the three we need.
    const first = line[start] | 0x20;
    let name: string;
    if (first === 0x63 /* c */) name = "content-length";
    else if (first === 0x74 /* t */) name = "transfer-encoding";
    else if (first === 0x75 /* u */) name = "upgrade";
    else return;
    if (end - start <= name.length || line[start + name.length] !== 0x3a /* : */) return;
    if (line.toString("latin1", start, start + name.length).toLowerCase() !== name) return;
    if (truncated) {
      this.badFraming = true;
      return;
    }
    const value = line.toString("latin1", start + name.length + 1, end).trim();
    if (name === "content-length") {
      // llhttp rejects duplicates and non-digits; we just stop rewriting.
      if (this.contentLength !== -1 || !/^\d{1,15}$/.test(value)) this.badFraming = true;
      else this.contentLength = Number(value);
    } else if (name === "transfer-encoding") {
      this.transferEncoding = this.transferEncoding === null ? value : `${this.transferEncoding}, ${value}`;
    } else {
      this.upgrade = true;
    }
  }

  private endOfHeaders(): void {
    if (this.badFraming || this.upgrade || this.connectMatched === 8) {
      // After an upgrade/CONNECT the bytes are another protocol's.
      this.state = PASSTHROUGH;
    } else if (this.transferEncoding !== null) {
      const last = this.transferEncoding.split(",").pop()?.trim().toLowerCase();
      // llhttp refuses TE together with Content-Length, and a request TE not ending in chunked.
      if (last === "chunked" && this.contentLength === -1) this.state = CHUNK_SIZE;
      else this.state = PASSTHROUGH;
    } else if (this.contentLength > 0) {
      this.remaining = this.contentLength;
      this.state = BODY;
    } else {
      this.nextRequest(); // no body: next bytes are the next request line
    }
  }

  /** Header-derived fields are reset when the next request line ends. */
  private nextRequest(): void {
    this.state = REQUEST_LINE;
    this.requestLineLength = 0;
    this.connectMatched = 0;
  }
}

/** `chunk[start, end)` with every byte >= 0x80 written as `%XX` (RFC 3986 form, as browsers send). */
function percentEncodeHighBytes(chunk: Buffer, start: number, end: number): Buffer {
  let high = 0;
  for (let i = start; i < end; i++) if (chunk[i] >= 0x80) high++;
  const out = Buffer.allocUnsafe(end - start + 2 * high);
  let o = 0;
  for (let i = start; i < end; i++) {
    const b = chunk[i];
    if (b < 0x80) {
      out[o++] = b;
    } else {
      out[o++] = 0x25; // %
      out[o++] = HEX.charCodeAt(b >> 4);
      out[o++] = HEX.charCodeAt(b & 0x0f);
    }
  }
  return out;
}

/** The parts of a net.Socket we touch that Node does not type publicly. */
type InternalSocket = Duplex & {
  // net.Socket's libuv handle; `_consumed` tells _http_server.js that someone
  // else reads the handle, so it must not attach llhttp to it natively.
  _handle?: { isStreamBase?: boolean; _consumed?: boolean } | null;
};

/**
 * Rewrites the socket's incoming request lines from now on. Must run before
 * the http server's own 'connection' listener (see createTorqueHttpServer).
 */
export function installRequestLineFixer(socket: Duplex): void {
  const internal = socket as InternalSocket;
  // By default http's connectionListener lets llhttp read the libuv handle
  // directly in C++ (parser.consume), bypassing JS entirely, so there would be
  // nothing to rewrite. Marking the handle consumed makes it fall back to the
  // ordinary 'data' path (the one https uses), which goes through push().
  if (internal._handle?.isStreamBase) internal._handle._consumed = true;
  const fixer = new RequestLineFixer();
  const originalPush = socket.push;
  // Own-property override of Readable#push: onStreamRead() calls
  // `stream.push(buf)` for every read, before buffering/flowing/pausing, so
  // bytes are rewritten exactly once and in order whatever the http server's
  // pause state. `push(null)` (EOF) passes through untouched.
  socket.push = function pushFixed(this: Duplex, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk instanceof Buffer) {
      chunk = fixer.transform(chunk);
      // Framing lost for good (upgrade etc.): stop paying for the hook.
      if (fixer.passthrough) socket.push = originalPush;
    }
    return originalPush.call(this, chunk, encoding);
  };
}

/**
 * Creates an http.Server (same arguments as http.createServer) whose
 * connections accept raw bytes >= 0x80 in the request line. Use it like
 * http.createServer: `.listen()`, `.close()`, `closeAllConnections()`, ...
 * `maxHeaderSize` defaults to 64 KiB for Torque's 13.4 KB metadata requests.
 */
export function createTorqueHttpServer(options: ServerOptions, handler: RequestListener): HttpServer {
  const server = createServer({ ...options, maxHeaderSize: options.maxHeaderSize ?? TORQUE_MAX_HEADER_SIZE }, handler);
  // Prepend: http.Server registered its connectionListener in the constructor,
  // and ours must install the fixer before it attaches the parser.
  server.prependListener("connection", (socket: Duplex) => installRequestLineFixer(socket));
  return server;
}
