import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { fixtureTargets } from "../support/torque-fixture";
import { makeSample, rawRequest, sampleId, sampleQuery, sampleTarget, uploadGet, type RawReply } from "../support/uploads";
import { storedSamples } from "../support/stored-samples";
import { makeToken, makeUser } from "../support/users";

/**
 * The configurable limits, through the real server with small values: per-token upload rate
 * (429 + Retry-After), body size (413), keys per request (400), and refusal to start on an
 * invalid setting.
 */
let server: TestServer;
let userId: number;
const SESSION = Date.now() - 4 * 3600_000;

beforeAll(async () => {
  server = await startServer({
    databaseUrl: inject("databaseUrl"),
    env: { UPLOAD_RATE_PER_S: "0.2", UPLOAD_RATE_BURST: "3", UPLOAD_MAX_BODY_BYTES: "20KiB", UPLOAD_MAX_KEYS: "600" },
  });
  userId = (await makeUser("limits")).id;
});
afterAll(async () => {
  await server?.stop();
});

function post(token: string, body: string) {
  return rawRequest(
    server.port,
    `POST /api/upload/${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
    body,
  );
}

describe("configurable limits", () => {
  it("lets a token send its burst, then answers 429 with Retry-After until a token is back; other tokens are not affected", async () => {
    const token = await makeToken(userId);
    const samples = Array.from({ length: 5 }, (_, n) => makeSample(SESSION, n));
    const replies: RawReply[] = [];
    for (const s of samples) replies.push(await uploadGet(server.port, sampleTarget(token, s)));
    expect(replies.slice(0, 3).map((r) => r.body)).toEqual(["OK!", "OK!", "OK!"]);
    for (const r of replies.slice(3)) {
      expect(r.status).toBe(429);
      expect(r.body).toMatch(/^Error: Too many uploads for this token; retry in \d+ s\./);
      // 0.2 per second: the next token is at most 5 s away.
      expect(Number(r.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers["retry-after"])).toBeLessThanOrEqual(5);
    }
    const other = await makeToken(userId);
    expect((await uploadGet(server.port, sampleTarget(other, makeSample(SESSION, 50)))).body).toBe("OK!");

    await new Promise((r) => setTimeout(r, Number(replies[4].headers["retry-after"]) * 1000));
    expect((await uploadGet(server.port, sampleTarget(token, samples[3]))).body).toBe("OK!");
    // Refused samples were not stored; the retried one was, once.
    const stored = await storedSamples(userId);
    expect(stored.has(sampleId(samples[4]))).toBe(false);
    expect(stored.get(sampleId(samples[3]))).toEqual(samples[3].values);
  });

  it("answers 413 to a form body over UPLOAD_MAX_BODY_BYTES and accepts one under it", async () => {
    const token = await makeToken(userId);
    const under = `${sampleQuery(makeSample(SESSION, 100))}&padding=${"x".repeat(15_000)}`;
    expect((await post(token, under)).body).toBe("OK!");
    const over = `${sampleQuery(makeSample(SESSION, 101))}&padding=${"x".repeat(21 * 1024)}`;
    const reply = await post(token, over);
    expect(reply.status).toBe(413);
    expect(reply.body).toContain(`over ${20 * 1024} bytes`);
  });

  it("accepts Torque's real 438-key metadata request under UPLOAD_MAX_KEYS=600 and refuses 601 keys", async () => {
    const token = await makeToken(userId);
    const biggest = fixtureTargets(`/api/upload/${token}`).sort((a, b) => b.length - a.length)[0];
    expect((await uploadGet(server.port, biggest)).body).toBe("OK!");
    const extra = Array.from({ length: 601 - 7 }, (_, i) => `x${i}=1`); // 7 = v, session, id, time and 3 values
    const reply = await uploadGet(server.port, sampleTarget(token, makeSample(SESSION, 200), extra));
    expect(reply.status).toBe(400);
    expect(reply.body).toContain("more than 600 keys");
  });

  it("answers form posts to pages that Next cannot decode with 4xx: malformed (400), over Next's 1 MB action limit (413)", async () => {
    const form = (path: string, body: Buffer) =>
      rawRequest(
        server.port,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=zz\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        body,
      );
    const malformed = await form("/api/auth/../nowhere", Buffer.from("--zz\r\nnot a part"));
    expect(malformed.status).toBe(400);
    const part = (value: string) => Buffer.from(`--zz\r\nContent-Disposition: form-data; name="x"\r\n\r\n${value}\r\n--zz--\r\n`);
    const huge = await form("/signin", part("x".repeat(1200 * 1024)));
    expect(huge.status).toBe(413);
    const valid = await form("/signin", part("hello"));
    expect(valid.status).toBeLessThan(500);
  });

  it("refuses to start with an invalid limit, naming the variable", async () => {
    const attempt = startServer({ databaseUrl: inject("databaseUrl"), env: { UPLOAD_RATE_BURST: "0", EXPORT_MAX_CONCURRENT: "many" } });
    const error = await attempt.then(
      async (s) => {
        await s.stop();
        return null;
      },
      (e: unknown) => String(e),
    );
    expect(error).toContain("UPLOAD_RATE_BURST");
    expect(error).toContain("EXPORT_MAX_CONCURRENT");
  });
});
