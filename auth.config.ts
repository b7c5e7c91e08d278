import type { NextAuthConfig } from "next-auth";

/**
 * The edge-safe half of the auth configuration (no database, no bcrypt): what the proxy and any
 * edge code may import. The Node half, with the credentials provider, is lib/auth/auth.ts.
 *
 * Cookies: next-auth's defaults are HttpOnly and SameSite=Lax; they are Secure (and named
 * __Secure-…) when the request came over https, which it reads from X-Forwarded-Proto behind a
 * reverse proxy. When PUBLIC_URL is https they are always Secure, so a proxy that forgets the
 * header cannot downgrade them.
 */
export const authConfig = {
  pages: { signIn: "/signin" },
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  trustHost: true,
  useSecureCookies: process.env.PUBLIC_URL?.startsWith("https://") ? true : undefined,
  providers: [],
  callbacks: {
    // Only a sign-in (`user` present) writes identity into the token. Updates from the client
    // (POST /api/auth/session) are ignored: they must never revive or change a session.
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.role = (user as { role?: string }).role ?? "user";
        token.av = (user as { authVersion?: number }).authVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid ?? "");
      (session.user as { role?: unknown }).role = token.role;
      (session.user as { authVersion?: unknown }).authVersion = token.av;
      return session;
    },
  },
} satisfies NextAuthConfig;
