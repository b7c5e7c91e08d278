import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * The real trip in tests/fixtures/torque (see its README): the phone's 530 upload requests with
 * `\xNN` turned back into the raw bytes the phone sent, and a raw-socket sender, because fetch()
 * would percent-encode what we must put on the wire as is.
 */
export const FIXTURE_DIR = path.resolve(import.meta.dirname, "..", "fixtures", "torque");
export const FIXTURE_SESSION = 1459259898185;
export const FIXTURE_DEVICE = "8a10dcdc03a8b509d9ff1dc42b855a4e";
export const FIXTURE_CSV = path.join(FIXTURE_DIR, "surfrock66-trip-2016-03-29.torque-export.csv");

export function fixtureTargets(uploadPath: string): Buffer[] {
  const text = readFileSync(path.join(FIXTURE_DIR, "surfrock66-trip-2016-03-29.requests.txt"), "latin1");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const withPath = line.replace(/^\/UPLOAD/, uploadPath);
      return Buffer.from(withPath.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
    });
}

export interface RawResponse {
  status: number;
  body: string;
  headers: string;
}

/** One HTTP/1.0 GET with the target's bytes exactly as given (Torque's own request shape). */
export function rawGet(port: number, target: Buffer, extraHeaders = ""): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(30_000, () => socket.destroy(new Error("timeout")));
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head, ...rest] = text.split("\r\n\r\n");
      const status = Number(head.split(" ")[1]);
      resolve({ status, headers: head, body: rest.join("\r\n\r\n") });
    });
    socket.write(Buffer.concat([Buffer.from("GET "), target, Buffer.from(` HTTP/1.0\r\nHost: 127.0.0.1\r\n${extraHeaders}\r\n`)]));
  });
}

/** Sends targets with at most `concurrency` in flight; results in input order. */
export async function sendAll(port: number, targets: Buffer[], concurrency = 1): Promise<RawResponse[]> {
  const results: RawResponse[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      results[i] = await rawGet(port, targets[i]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

export function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
