import net from "node:net";

// No lib/ imports that reach the database here: the browser specs load this file too, and
// lib/db pulls in "server-only". Database helpers live in ./stored-samples.ts.

/** A Torque upload query string (the fields the phone sends), for tests that upload one sample. */
export interface SampleUpload {
  deviceId?: string;
  session?: number;
  time?: number;
  values?: Record<string, number>;
  extra?: Record<string, string>;
}

export const TEST_DEVICE = "0123456789abcdef0123456789abcdef";

export function torqueQuery(sample: SampleUpload = {}): string {
  const session = sample.session ?? Date.UTC(2024, 4, 1, 8, 0, 0);
  const params = new URLSearchParams({
    eml: "driver@example.com",
    v: "8",
    session: String(session),
    id: sample.deviceId ?? TEST_DEVICE,
    time: String(sample.time ?? session + 1000),
    ...Object.fromEntries(Object.entries(sample.values ?? { d: 42, c: 2100 }).map(([k, v]) => [`k${k}`, String(v)])),
    ...sample.extra,
  });
  return params.toString();
}

/**
 * Synthetic Torque samples for the reliability tests: one request = one (session, time) with a
 * few PID values, as raw request targets for rawGet/rawRequest, and a reader for what the
 * database holds, to compare "acknowledged" with "stored".
 */
export const DEVICE_ID = TEST_DEVICE;

export interface Sample {
  session: number;
  time: number;
  values: Record<string, number>;
}

export function sampleQuery(s: Sample, extra: string[] = []): string {
  const pairs = [`v=9`, `session=${s.session}`, `id=${DEVICE_ID}`, `time=${s.time}`];
  for (const [key, value] of Object.entries(s.values)) pairs.push(`k${key}=${value}`);
  return [...pairs, ...extra].join("&");
}

export function sampleTarget(token: string, s: Sample, extra: string[] = []): Buffer {
  return Buffer.from(`/api/upload/${token}?${sampleQuery(s, extra)}`, "latin1");
}

/** A plausible sample: `n` is its number within a session that started at `session`. */
export function makeSample(session: number, n: number): Sample {
  return { session, time: session + n * 1000, values: { c: 800 + (n % 3000), d: n % 130, "5": 20 + (n % 70) } };
}

export const sampleId = (s: { session: number; time: number }) => `${s.session}/${s.time}`;

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

/**
 * One request over its own socket, bytes exactly as given (fetch would normalise the target,
 * the method and the headers). Resolves with the reply, or rejects when the connection fails
 * or no reply comes within `timeoutMs`.
 */
export function rawRequest(port: number, head: Buffer | string, body: Buffer | string = "", timeoutMs = 30_000): Promise<RawReply> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no reply within ${timeoutMs} ms`)));
    let failure: Error | null = null;
    socket.on("data", (d: Buffer) => chunks.push(d));
    // A server that answers before reading the whole request (413, 431) may reset the
    // connection while we still write: the reply, if it arrived, still counts.
    socket.on("error", (error) => (failure = error));
    socket.on("close", () => {
      const raw = Buffer.concat(chunks);
      if (failure && raw.indexOf("\r\n\r\n") === -1) return reject(failure);
      const split = raw.indexOf("\r\n\r\n");
      if (split === -1) return reject(new Error(`connection closed without a complete reply (${raw.length} bytes)`));
      const [statusLine, ...headerLines] = raw.subarray(0, split).toString("latin1").split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let payload: Buffer = raw.subarray(split + 4);
      if (headers["transfer-encoding"]?.includes("chunked")) payload = dechunk(payload);
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: payload.toString("utf8"), ms: performance.now() - started });
    });
    socket.write(typeof head === "string" ? Buffer.from(head, "latin1") : head);
    if (body.length > 0) socket.write(body);
  });
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const lf = data.indexOf("\r\n", pos);
    if (lf === -1) break;
    const size = parseInt(data.subarray(pos, lf).toString("latin1"), 16);
    if (!size) break;
    parts.push(data.subarray(lf + 2, lf + 2 + size));
    pos = lf + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** A GET with `Connection: close`, the way Torque sends its uploads. */
export function uploadGet(port: number, target: Buffer, timeoutMs?: number): Promise<RawReply> {
  const head = Buffer.concat([Buffer.from("GET "), target, Buffer.from(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]);
  return rawRequest(port, head, "", timeoutMs);
}
