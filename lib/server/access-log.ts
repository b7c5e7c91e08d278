import { randomUUID } from "node:crypto";
import type { RequestListener, Server } from "node:http";
import type { Duplex } from "node:stream";
import { logEnabled, logger, redact, type Level } from "@/lib/log";
import { UPLOAD_PATH } from "@/lib/ingest/upload-path";
import { REQUEST_ID_PATTERN, requestContextStorage } from "@/lib/server/request-context";

/**
 * Request ids and the access log, for the custom server. Every request gets an id (the
 * client's or proxy's X-Request-Id when it is sane, else a new UUID), sent back as
 * X-Request-Id and attached to every log line written while serving it; when the response is
 * done (or the client went away) one line records method, path, status and duration.
 *
 * The path is logged without its query string (Torque's carries the e-mail address and 13 KB
 * of PIDs) and with upload tokens masked.
 */
const MAX_LOGGED_PATH = 200;

export function loggedPath(url: string | undefined): string {
  const raw = url ?? "";
  const q = raw.indexOf("?");
  const pathOnly = q === -1 ? raw : raw.slice(0, q);
  const cut = pathOnly.length > MAX_LOGGED_PATH ? `${pathOnly.slice(0, MAX_LOGGED_PATH)}…` : pathOnly;
  return redact(cut);
}

/**
 * An accepted upload's line is debug, every other request's info. Why: each phone uploads about
 * once a second, so at info those lines were most of the log (86,400 a day per phone) and ~10 %
 * of the server's CPU per upload even written to /dev/null (bench/README.md, section 10); the
 * upload_log table already keeps each device's last 500 uploads for diagnostics. Refused
 * uploads (4xx, 5xx) stay at info.
 */
export function accessLogLevel(url: string | undefined, status: number): Level {
  return status < 400 && UPLOAD_PATH.test(url ?? "") ? "debug" : "info";
}

export function withAccessLog(handler: RequestListener): RequestListener {
  return (req, res) => {
    const started = performance.now();
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    // Handlers read it from the request too (e.g. to show it on an error page).
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    requestContextStorage().run({ requestId }, () => {
      res.once("close", () => {
        const level = accessLogLevel(req.url, res.statusCode);
        if (!logEnabled(level)) return;
        logger[level]("request", {
          method: req.method,
          path: loggedPath(req.url),
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          // The client hung up before the response was complete.
          aborted: res.writableFinished ? undefined : true,
        });
      });
      handler(req, res);
    });
  };
}

const PARSER_REPLIES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  HPE_CHUNK_EXTENSIONS_OVERFLOW: "413 Payload Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

/**
 * Requests the HTTP parser refuses (malformed, request line over the header limit) never reach
 * the handler; this logs them and answers exactly as Node would without a listener.
 */
export function logParserRejections(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    const status = PARSER_REPLIES[error.code ?? ""] ?? "400 Bad Request";
    // ECONNRESET and friends: the client left; there is nobody to answer.
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") {
      logger.info("request refused by the HTTP parser", { code: error.code, status: Number(status.slice(0, 3)) });
    }
    if (socket.writable && (socket.bytesWritten ?? 0) === 0) {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy(error);
  });
}
