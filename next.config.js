/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native/driver packages stay as Node requires instead of being bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs", "archiver", "zip-stream"],
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Upload URLs carry a token in the path: never tell another site which URL linked to it.
          { key: "Referrer-Policy", value: "same-origin" },
          // Old browsers' frame-ancestors; pages also send CSP `frame-ancestors 'none'` (proxy.ts).
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
      {
        // API answers are data (JSON, CSV, zip), never documents: nothing in them may load, run
        // or be framed, even if a browser is tricked into rendering one. Pages get their
        // per-request nonce policy from proxy.ts instead.
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; sandbox" }],
      },
    ];
  },
};

export default nextConfig;
