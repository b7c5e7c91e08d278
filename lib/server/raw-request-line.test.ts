import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURE_DIR } from "@/lib/tracklog/fixture.testutil";
import { createTorqueHttpServer, RequestLineFixer } from "./raw-request-line";

const HIGH = "\xc2\xb0"; // "°" as two raw bytes when written with latin1

/** Raw bytes of an ASCII/latin1 string: each char code is one byte. */
const raw = (s: string): Buffer => Buffer.from(s, "latin1");
/** How the fixer must present a raw request target to llhttp. */
const encoded = (s: string): string => s.replace(/[\x80-\xff]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

/** Echoes method, url, body (hex) and peer address as JSON. */
const echo: RequestListener = (req, res) => {
  const body: Buffer[] = [];
  req.on("data", (d: Buffer) => body.push(d));
  req.on("end", () => {
    const hex = Buffer.concat(body).toString("hex");
    res.end(JSON.stringify({ method: req.method, url: req.url, body: hex, remote: req.socket.remoteAddress }));
  });
};

interface Echo { method: string; url: string; body: string; remote: string }
interface Reply { status: number; headers: string; body: string }

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    if (s.listening) await new Promise<void>((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
  }
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as net.AddressInfo).port;
}

/** A raw client that splits the byte stream into responses (Content-Length framed, as `res.end(str)` sends). */
class RawClient {
  readonly socket: net.Socket;
  private buffer = Buffer.alloc(0);
  private replies: Reply[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  constructor(port: number) {
    this.socket = net.connect(port, "127.0.0.1");
    this.socket.setNoDelay(true);
    this.socket.on("data", (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.parse();
    });
    this.socket.on("close", () => {
      this.closed = true;
      this.parse();
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private parse(): void {
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end === -1) return;
      const headers = this.buffer.toString("latin1", 0, end);
      const declared = /content-length: (\d+)/i.exec(headers)?.[1];
      // No Content-Length (HTTP/1.0 replies): the body runs until the server closes.
      if (declared === undefined && !this.closed) return;
      const length = declared === undefined ? this.buffer.length - end - 4 : Number(declared);
      if (this.buffer.length < end + 4 + length) return;
      const body = this.buffer.toString("utf8", end + 4, end + 4 + length);
      this.replies.push({ status: Number(headers.slice(9, 12)), headers, body });
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.wake();
    }
  }

  async write(data: Buffer): Promise<void> {
    await new Promise<void>((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())));
  }

  /** Next `n` responses; throws if the server closes first. */
  async read(n = 1): Promise<Reply[]> {
    while (this.replies.length < n) {
      if (this.closed) throw new Error(`connection closed after ${this.replies.length}/${n} responses`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.replies.splice(0, n);
  }

  async untilClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

const get = (target: string, extra = ""): string => `GET ${target} HTTP/1.1\r\nHost: t\r\n${extra}\r\n`;
const echoed = (reply: Reply): Echo => JSON.parse(reply.body) as Echo;

describe("createTorqueHttpServer", () => {
  // The real trip lives outside the repo (see fixture.testutil.ts); skipped where absent.
  it.skipIf(FIXTURE_DIR === null)("serves every Torque fixture request over one keep-alive connection", async () => {
    const port = await listen(createTorqueHttpServer({}, echo));
    const targets = readFileSync(path.join(FIXTURE_DIR ?? "", "surfrock66-trip-2016-03-29.requests.txt"), "utf8")
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => l.replace("/UPLOAD", "/api/upload/tok").replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    expect(targets.length).toBeGreaterThan(500);
    expect(Math.max(...targets.map((t) => t.length))).toBeGreaterThan(13_000);
    const client = new RawClient(port);
    const units = new Set<string>();
    for (const target of targets) {
      await client.write(raw(get(target)));
      const [reply] = await client.read();
      expect(reply.status).toBe(200);
      const { url } = echoed(reply);
      expect(url).toBe(encoded(target));
      for (const [k, v] of new URLSearchParams(url.split("?")[1])) if (k.startsWith("defaultUnit")) units.add(v);
    }
    expect(units).toContain("°C");
    expect(targets.some((t) => new URLSearchParams(encoded(t).split("?")[1]).get("userShortNameff1258") === "Av.CO₂")).toBe(true);
    client.close();
  });

  it("handles an HTTP/1.0 request without keep-alive", async () => {
    const port = await listen(createTorqueHttpServer({}, echo));
    const client = new RawClient(port);
    await client.write(raw(`GET /u?unit=${HIGH}C HTTP/1.0\r\n\r\n`));
    const [reply] = await client.read();
    expect(reply.status).toBe(200);
    expect(echoed(reply).url).toBe("/u?unit=%C2%B0C");
    await client.untilClosed(); // server closes HTTP/1.0 connections itself
  });

  const pipelined = raw(
    get(`/a?u=${HIGH}`) +
      `POST /b?x=${HIGH} HTTP/1.1\r\nHost: t\r\nContent-Length: 7\r\n\r\n\xb0\r\n\r\n\xff\xfe` +
      get(`/c?v=CO\xe2\x82\x82`, "X-Raw: \xb0\r\n"),
  );
  const checkPipelined = (replies: Reply[]): void => {
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies.map((r) => echoed(r).url)).toEqual(["/a?u=%C2%B0", "/b?x=%C2%B0", "/c?v=CO%E2%82%82"]);
    expect(echoed(replies[1]).body).toBe("b00d0a0d0afffe");
  };

  it("handles pipelined requests in one write", async () => {
    const port = await listen(createTorqueHttpServer({}, echo));
    const client = new RawClient(port);
    await client.write(pipelined);
    checkPipelined(await client.read(3));
    client.close();
  });

  it("handles pipelined requests sent one byte per write", async () => {
    const port = await listen(createTorqueHttpServer({}, echo));
    const client = new RawClient(port);
    for (let i = 0; i < pipelined.length; i++) {
      await client.write(pipelined.subarray(i, i + 1));
      await new Promise((resolve) => setImmediate(resolve)); // let each byte become its own read
    }
    checkPipelined(await client.read(3));
    client.close();
  });

  it("passes a Content-Length body with raw high bytes unchanged", async () => {
    const port = await listen(createTorqueHttpServer({}, echo));
    const client = new RawClient(port);
    // The body even looks like a request line with a high byte: it must stay raw.
    // Large enough to span many reads and make the server apply backpressure.
    const body = Buffer.concat([raw(`GET /\xc2\xb0 HTTP/1.1\r\n\r\n\x80\xff`), randomBytes(300_000)]);
    await client.write(Buffer.concat([raw(`POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: ${body.length}\r\n\r\n`), body, raw(get(`/n?${HIGH}`))]));
    const [post, next] = await client.read(2);
    expect(echoed(post).body).toBe(body.toString("hex"));
    expect(echoed(next).url).toBe("/n?%C2%B0");
    client.close();
  });

  it("passes a chunked body with extensions and trailers unchanged", async () => {
    const port = await listen(createTorqueHttpServer({}, echo));
    const client = new RawClient(port);
    const chunk1 = raw(`\xb0\r\n\xc2\xb0`);
    const chunk2 = raw(`GET /\xb0 HTTP/1.1\r\n\r\n`);
    const req = Buffer.concat([
      raw(`POST /c?${HIGH} HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n`),
      raw(`${chunk1.length.toString(16)};ext=1;q="a b"\r\n`), chunk1, raw("\r\n"),
      raw(`${chunk2.length.toString(16).toUpperCase()}\r\n`), chunk2, raw("\r\n"),
      raw("0;last\r\nX-Trailer: \xb0 ok\r\n\r\n"),
      raw(get(`/after?${HIGH}`)),
    ]);
    await client.write(req);
    const [post, next] = await client.read(2);
    expect(post.status).toBe(200);
    expect(echoed(post).url).toBe("/c?%C2%B0");
    expect(echoed(post).body).toBe(Buffer.concat([chunk1, chunk2]).toString("hex"));
    expect(echoed(next).url).toBe("/after?%C2%B0");
    client.close();
  });

  it("accepts request lines over 16 KB; bare node:http rejects raw high bytes (why this module exists)", async () => {
    const target = `/big?defaultUnit=${HIGH}C&${"k=v&".repeat(5000)}end=${HIGH}`;
    expect(target.length).toBeGreaterThan(20_000);
    const fixedPort = await listen(createTorqueHttpServer({}, echo));
    const fixed = new RawClient(fixedPort);
    await fixed.write(raw(get(target)));
    const [ok] = await fixed.read();
    expect(ok.status).toBe(200);
    expect(echoed(ok).url).toBe(encoded(target));
    fixed.close();

    const barePort = await listen(createServer({ maxHeaderSize: 64 * 1024, insecureHTTPParser: true }, echo));
    const bare = new RawClient(barePort);
    await bare.write(raw(get(`/u?unit=${HIGH}C`)));
    const [rejected] = await bare.read();
    expect(rejected.status).toBe(400);
    await bare.untilClosed();
  });

  it("survives clients that disconnect mid-request", async () => {
    const port = await listen(createTorqueHttpServer({}, echo));
    const partials = [`GET /half?${HIGH}`, `GET /h HTTP/1.1\r\nHost: t\r\nContent-Le`, `POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n\xb0\xb0`, `POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n\xb0`];
    for (const partial of partials) {
      const client = new RawClient(port);
      await client.write(raw(partial));
      client.close();
      await once(client.socket, "close");
    }
    const client = new RawClient(port);
    await client.write(raw(get(`/still?${HIGH}`)));
    const [reply] = await client.read();
    expect(echoed(reply)).toMatchObject({ url: "/still?%C2%B0", remote: "127.0.0.1" });
    client.close();
  });

  it("keeps Node's keep-alive timeout and close() behaviour", async () => {
    const server = createTorqueHttpServer({ keepAliveTimeout: 100 }, echo);
    const port = await listen(server);
    const client = new RawClient(port);
    await client.write(raw(get(`/k?${HIGH}`)));
    expect((await client.read())[0].status).toBe(200);
    await client.untilClosed(); // the idle connection is closed by the keep-alive timer

    const idle = new RawClient(port);
    await idle.write(raw(get("/idle")));
    await idle.read();
    servers.splice(servers.indexOf(server), 1);
    await new Promise<void>((resolve) => server.close(() => resolve())); // closes idle keep-alive sockets itself
    await idle.untilClosed();
  });

  it("keeps Node's request timeout for slow clients", async () => {
    const options = { requestTimeout: 200, headersTimeout: 200, connectionsCheckingInterval: 50 };
    const port = await listen(createTorqueHttpServer(options, echo));
    const client = new RawClient(port);
    await client.write(raw(`GET /slow?${HIGH} HTTP/1.1\r\nHost: t\r\n`)); // headers never finish
    expect((await client.read())[0].status).toBe(408);
  });

  it("leaves bytes after an upgrade untouched", async () => {
    const server = createTorqueHttpServer({}, echo);
    server.on("upgrade", (_req, socket: net.Socket, head: Buffer) => {
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\n");
      socket.write(head);
      socket.pipe(socket);
    });
    const port = await listen(server);
    const socket = net.connect(port, "127.0.0.1");
    const payload = raw(`\xb0 GET /\xc2 HTTP/1.1\r\n\r\n\xff`);
    socket.write(Buffer.concat([raw(get("/ws", "Connection: Upgrade\r\nUpgrade: raw\r\n")), payload]));
    let received = Buffer.alloc(0);
    for await (const d of socket) {
      received = Buffer.concat([received, d as Buffer]);
      const start = received.indexOf("\r\n\r\n");
      if (start !== -1 && received.length - start - 4 >= payload.length) break;
    }
    expect(received.subarray(received.indexOf("\r\n\r\n") + 4).toString("hex")).toBe(payload.toString("hex"));
    socket.destroy();
  });
});

describe("RequestLineFixer", () => {
  const stream = Buffer.concat([
    raw(`\r\n${get(`/a?${HIGH}`)}POST /b?\xff HTTP/1.1\r\nhost: t\r\ncontent-length: 3\r\n\r\n\xb0\xb1\xb2`),
    raw(`POST /c\xe2 HTTP/1.1\r\nTRANSFER-ENCODING: gzip, chunked\r\n\r\n2;e=\xb0\r\n\xb0\xb0\r\n0\r\nT: \xb0\r\n\r\n${get(`/d\xc2`)}`),
  ]);
  const expected = raw(
    `\r\n${get("/a?%C2%B0")}POST /b?%FF HTTP/1.1\r\nhost: t\r\ncontent-length: 3\r\n\r\n\xb0\xb1\xb2` +
      `POST /c%E2 HTTP/1.1\r\nTRANSFER-ENCODING: gzip, chunked\r\n\r\n2;e=\xb0\r\n\xb0\xb0\r\n0\r\nT: \xb0\r\n\r\n${get("/d%C2")}`,
  );

  it("gives the same output for every split of the input", () => {
    for (let split = 0; split <= stream.length; split++) {
      const fixer = new RequestLineFixer();
      const out = Buffer.concat([fixer.transform(stream.subarray(0, split)), fixer.transform(stream.subarray(split))]);
      expect(out.toString("latin1"), `split at ${split}`).toBe(expected.toString("latin1"));
    }
  });

  it("returns plain ASCII chunks without copying", () => {
    const chunk = raw(get("/plain") + get("/again"));
    expect(new RequestLineFixer().transform(chunk)).toBe(chunk);
  });

  it("stops rewriting after CONNECT, even when the method arrives byte by byte", () => {
    const fixer = new RequestLineFixer();
    for (const byte of raw("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n")) fixer.transform(Buffer.from([byte]));
    expect(fixer.passthrough).toBe(true);
  });

  it("stops rewriting when framing is ambiguous (Content-Length with Transfer-Encoding)", () => {
    const fixer = new RequestLineFixer();
    fixer.transform(raw("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"));
    expect(fixer.passthrough).toBe(true);
    const rest = raw(`GET /\xb0 HTTP/1.1\r\n\r\n`);
    expect(fixer.transform(rest)).toBe(rest);
  });
});
