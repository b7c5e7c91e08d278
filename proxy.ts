import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/http/csp";

/**
 * Gives every HTML page a fresh script nonce and the Content-Security-Policy that requires it
 * (lib/http/csp.ts). Next reads the nonce from the request's CSP header and puts it on its own
 * scripts. Pages are rendered per request anyway (all are per-user), so nonces cost nothing
 * extra. API routes are not matched: they get a fixed, stricter policy from next.config.js,
 * and Torque's per-sample uploads skip this step entirely.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const https =
    (request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol).split(",")[0].trim().replace(/:$/, "") === "https" ||
    (process.env.PUBLIC_URL ?? "").startsWith("https://");
  const policy = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https, mapTileUrl: process.env.MAP_TILE_URL });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
