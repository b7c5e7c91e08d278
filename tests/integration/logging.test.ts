import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { makeSample, rawRequest, sampleQuery, sampleTarget, uploadGet } from "../support/uploads";
import { makeToken, makeUser } from "../support/users";

/**
 * The server's output is JSON lines: one access-log line per request with its request id
 * (X-Request-Id in and out), the same id on every other line written while serving that
 * request, and no token or e-mail address anywhere.
 */
let server: TestServer;
let token: string;
let apiToken: string;
const EMAIL_IN_QUERY = "secret-driver@example.com";

interface LogLine {
  time: string;
  level: string;
  msg: string;
  requestId?: string;
  method?: string;
  path?: string;
  status?: number;
  durationMs?: number;
}

function lines(): LogLine[] {
  return server
    .output()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as LogLine);
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl"), env: { LOG_SILENT: "0", LOG_LEVEL: "debug" } });
  const user = await makeUser("logging");
  token = await makeToken(user.id);
  apiToken = await makeToken(user.id, "read_write");
});
afterAll(async () => {
  await server?.stop();
});

describe("structured logs", () => {
  it("writes an access-log line per request, with the request id the client sent back in X-Request-Id", async () => {
    const target = sampleTarget(token, makeSample(Date.now() - 3600_000, 1), [`eml=${encodeURIComponent(EMAIL_IN_QUERY)}`]);
    const head = Buffer.concat([Buffer.from("GET "), target, Buffer.from(" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: phone-42.a\r\nConnection: close\r\n\r\n")]);
    const reply = await rawRequest(server.port, head);
    expect(reply.body).toBe("OK!");
    expect(reply.headers["x-request-id"]).toBe("phone-42.a");
    await waitFor(async () => lines().some((l) => l.requestId === "phone-42.a"), 5_000, "the access-log line");
    const access = lines().find((l) => l.requestId === "phone-42.a" && l.msg === "request");
    // An accepted upload is logged at debug (a phone sends one a second); this server runs at debug.
    expect(access).toMatchObject({ level: "debug", method: "GET", path: "/api/upload/[token]", status: 200 });
    expect(typeof access?.durationMs).toBe("number");
  });

  it("replaces a request id that is not safe to log, and puts the id on every line of the request", async () => {
    const reply = await rawRequest(server.port, `GET /api/auth/no-such-action HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: bad id {"x":1}\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBeLessThan(500);
    const id = reply.headers["x-request-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(async () => lines().some((l) => l.requestId === id && l.msg === "request"), 5_000, "the access-log line");
    // next-auth logs the unknown action through console.error inside the route: same id.
    const ofRequest = lines().filter((l) => l.requestId === id);
    expect(ofRequest.length).toBeGreaterThanOrEqual(2);
    expect(ofRequest.some((l) => l.msg !== "request")).toBe(true);
  });

  it("never writes a token or the uploader's e-mail address, whatever the request", async () => {
    const bogus = "tls_ThisIsNotARealTokenButLooksLikeOne0";
    await uploadGet(server.port, sampleTarget(bogus, makeSample(Date.now() - 3600_000, 2)));
    await uploadGet(server.port, Buffer.from(`/api/upload/not-even-a-token-${"z".repeat(20)}?session=1`));
    await rawRequest(
      server.port,
      `GET /api/upload?${sampleQuery(makeSample(Date.now() - 3600_000, 3))} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
    await fetch(`${server.url}/api/health?token=${apiToken}`, { headers: { authorization: `Bearer ${apiToken}` } });
    await fetch(`${server.url}/no/such/page/${token}`);
    await rawRequest(server.port, `GET /api/upload/${token}/%C0%AF HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    await waitFor(async () => lines().filter((l) => l.msg === "request").length >= 8, 5_000, "the access-log lines");

    const output = server.output();
    for (const secret of [token, apiToken, bogus, "not-even-a-token", EMAIL_IN_QUERY, token.slice(4)]) {
      expect(output.includes(secret), `log contains ${secret.slice(0, 8)}…`).toBe(false);
    }
    // Every line is JSON (parsing throws otherwise) and every request was logged.
    expect(lines().filter((l) => l.msg === "request").map((l) => l.status)).not.toContain(undefined);
  });
});
