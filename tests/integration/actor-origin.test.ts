import { describe, expect, it, vi } from "vitest";

// A signed-in browser session, without next-auth: this file is about the Origin check only.
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => ({ id: 7, role: "user" }) }));
const { requireActor } = await import("@/lib/auth/actor");

const request = (method: string, headers: Record<string, string>) => new Request("http://logs.example.net/api/v1/sessions/1", { method, headers });

describe("requireActor with a cookie session", () => {
  it("refuses a write whose Origin is another site (CSRF)", async () => {
    await expect(requireActor(request("DELETE", { host: "logs.example.net", origin: "https://evil.example" }), "writeData")).rejects.toMatchObject({
      status: 403,
      message: "Cross-site request refused.",
    });
  });

  it("accepts writes from its own origin, also behind a proxy that sets X-Forwarded-Host", async () => {
    expect(await requireActor(request("PATCH", { host: "logs.example.net", origin: "http://logs.example.net" }), "writeData")).toMatchObject({ userId: 7 });
    expect(
      await requireActor(request("POST", { host: "127.0.0.1:3000", "x-forwarded-host": "logs.example.net", origin: "https://logs.example.net" }), "writeData"),
    ).toMatchObject({ userId: 7 });
  });

  it("lets reads through whatever their Origin (they change nothing)", async () => {
    expect(await requireActor(request("GET", { host: "logs.example.net", origin: "https://evil.example" }), "readData")).toMatchObject({ userId: 7 });
  });
});
