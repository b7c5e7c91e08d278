import net from "node:net";

/**
 * A minimal HTTP/1.1 keep-alive client over one raw socket, one request in flight (no
 * pipelining), like a phone. Raw, because Torque puts unencoded UTF-8 bytes in its request
 * line, which node:http refuses to send, and because a load generator must cost the machine
 * as little as possible.
 */
export interface RawReply {
  status: number;
  body: string;
}

const HEADER_END = Buffer.from("\r\n\r\n");

export class RawConnection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: { resolve: (r: RawReply) => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly port: number,
    private readonly host = "127.0.0.1",
  ) {}

  private connect(): net.Socket {
    const socket = net.connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.tryParse();
    });
    const fail = (error: Error) => {
      this.socket = null;
      this.buffer = Buffer.alloc(0);
      const p = this.pending;
      this.pending = null;
      p?.reject(error);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("connection closed")));
    this.socket = socket;
    return socket;
  }

  private tryParse(): void {
    if (!this.pending) return;
    const end = this.buffer.indexOf(HEADER_END);
    if (end === -1) return;
    const head = this.buffer.toString("latin1", 0, end);
    const status = Number(head.slice(9, 12));
    const length = head.match(/\r\ncontent-length:\s*(\d+)/i);
    const bodyStart = end + 4;
    let body: string;
    let consumed: number;
    if (length) {
      const n = Number(length[1]);
      if (this.buffer.length < bodyStart + n) return;
      body = this.buffer.toString("utf8", bodyStart, bodyStart + n);
      consumed = bodyStart + n;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let pos = bodyStart;
      for (;;) {
        const lineEnd = this.buffer.indexOf("\r\n", pos);
        if (lineEnd === -1) return;
        const size = parseInt(this.buffer.toString("latin1", pos, lineEnd), 16);
        if (this.buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          consumed = lineEnd + 4;
          break;
        }
        parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        pos = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts).toString("utf8");
    } else {
      body = "";
      consumed = bodyStart;
    }
    this.buffer = this.buffer.subarray(consumed);
    const p = this.pending;
    this.pending = null;
    p.resolve({ status, body });
  }

  request(raw: Buffer): Promise<RawReply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      (this.socket ?? this.connect()).write(raw);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** `GET <path>?<query>` as bytes: path and query are latin1 (one byte per char, raw bytes kept). */
export function getRequest(pathAndQuery: string | Buffer): Buffer {
  const target = typeof pathAndQuery === "string" ? Buffer.from(pathAndQuery, "latin1") : pathAndQuery;
  return Buffer.concat([Buffer.from("GET "), target, Buffer.from(" HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: torque-bench\r\n\r\n")]);
}
