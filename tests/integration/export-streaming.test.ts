/**
 * How bulk downloads behave under way: progress, the per-user limit, cancelling and a client
 * that goes away (the server stops reading at once), and memory that stays flat however much
 * is exported.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { BULK_KEYS, bulkSessions } from "../support/bulk-samples";
import { startServer, waitFor, type TestServer } from "../support/server";
import { unzip } from "../support/unzip";
import { makeToken, makeUser } from "../support/users";

let server: TestServer;
let token: string;
let userId: number;
let big: number[];

const api = (p: string, init: RequestInit = {}) =>
  fetch(`${server.url}${p}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });

const progress = async (job: string) => {
  const r = await api(`/api/sessions/export/${job}`);
  return r.status === 200 ? ((await r.json()) as { state: string; done: number; total: number | null; bytes: number }) : null;
};

/** Export queries of this database that are running right now. */
async function runningExportQueries(): Promise<number> {
  const [{ n }] = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE state = 'active' AND query LIKE '%array_to_string%' AND query NOT LIKE '%pg_stat_activity%'`;
  return n;
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: inject("databaseUrl") });
  const user = await makeUser("export-stream");
  userId = user.id;
  token = await makeToken(userId, "read");
  const device = await db().device.create({ data: { userId, torqueId: "9f".repeat(16) } });
  // 24 trips of 12,000 samples × 40 PIDs: ~100 MB of CSV, far more than the memory test's heap.
  // Hot rows: packing 288,000 samples would add about a minute, and export.test.ts covers
  // exports of packed samples.
  big = await bulkSessions(userId, device.id, { sessions: 24, samplesPerSession: 12_000, profileName: "Long Haul", pack: false });
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

describe("a download in progress", () => {
  it("reports sessions done and bytes sent, then done", async () => {
    const job = "progress-test-1";
    const response = await api(`/api/sessions/export?ids=${big.slice(0, 3).join(",")}&job=${job}`);
    expect(response.headers.get("x-export-job")).toBe(job);
    expect(response.headers.get("x-export-sessions")).toBe("3");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const early = await progress(job);
    expect(early).toMatchObject({ state: "running", total: 3 });
    let received = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) received += r.value.byteLength;
    await waitFor(async () => (await progress(job))?.state === "done", 10_000, "the export to be done");
    const end = await progress(job);
    expect(end).toMatchObject({ state: "done", done: 3, total: 3 });
    expect(end?.bytes).toBeGreaterThan(received);
  });

  it("allows two at once per user; a third gets 429 with Retry-After until one is cancelled", async () => {
    // Unread responses stall on backpressure, so both stay running.
    const first = await api(`/api/sessions/export?ids=${big.join(",")}&job=limit-test-a`);
    const second = await api(`/api/sessions/export?ids=${big.join(",")}&job=limit-test-b`);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await api(`/api/sessions/export?ids=${big[0]}`);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await third.json()).error.message).toMatch(/2 downloads are already running/);
    expect((await api(`/api/sessions/${big[0]}/download`)).status).toBe(429);

    const cancel = await api("/api/sessions/export/limit-test-a", { method: "DELETE" });
    expect(cancel.status).toBe(200);
    expect((await cancel.json()).state).toBe("cancelled");
    // The cancelled download ends for its client (truncated: the archive never completes).
    await expect(first.arrayBuffer()).rejects.toThrow();
    const again = await api(`/api/sessions/export?ids=${big[0]}`);
    expect(again.status).toBe(200);
    expect(unzip(Buffer.from(await again.arrayBuffer()))).toHaveLength(2);
    await api("/api/sessions/export/limit-test-b", { method: "DELETE" });
    await second.body?.cancel();
  });

  it("stops reading the database as soon as the client goes away", async () => {
    const job = "disconnect-test";
    const controller = new AbortController();
    const response = await api(`/api/sessions/export?ids=${big.join(",")}&job=${job}`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    await waitFor(async () => (await progress(job))?.state === "cancelled", 10_000, "the server to notice the client left");
    const atCancel = await progress(job);
    expect(atCancel?.done).toBeLessThan(big.length);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await progress(job)).toEqual(atCancel);
    expect(await runningExportQueries()).toBe(0);
  });

  it("is 404 for someone else's download id", async () => {
    const other = await makeToken((await makeUser("other")).id, "read");
    const r = await fetch(`${server.url}/api/sessions/export/progress-test-1`, { headers: { authorization: `Bearer ${other}` } });
    expect(r.status).toBe(404);
  });
});

describe("memory", () => {
  it("exports ~100 MB of CSV in a process whose heap is capped at 64 MB", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tls-export-"));
    const out = path.join(dir, "all.zip");
    try {
      const root = path.resolve(import.meta.dirname, "..", "..");
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--max-old-space-size=64", "--conditions=react-server", "--import", "tsx", "tests/support/export-child.ts", String(userId), big.join(","), out],
        { cwd: root, env: { ...process.env, LOG_SILENT: "1" }, maxBuffer: 1 << 20, timeout: 480_000 },
      );
      const result = JSON.parse(stdout.trim().split("\n").pop() as string);
      expect(result).toMatchObject({ sessions: big.length, state: "done" });
      const entries = unzip(await readFile(out));
      expect(entries).toHaveLength(big.length + 1);
      const csvBytes = entries.slice(0, -1).reduce((sum, e) => sum + e.data.length, 0);
      expect(csvBytes).toBeGreaterThan(90 * 1024 * 1024);
      for (const e of entries.slice(0, -1)) {
        const lines = e.data.toString("utf8").trimEnd().split("\n");
        expect(lines).toHaveLength(12_001);
        expect(lines[0].split(",")).toHaveLength(11 + BULK_KEYS.length);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
