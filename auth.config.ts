import type { NextAuthConfig } from "next-auth";

/**
 * The edge-safe half of the auth configuration (no database, no bcrypt): what the proxy and any
 * edge code may import. The Node half, with the credentials provider, is lib/auth/auth.ts.
 */
export const authConfig = {
  pages: { signIn: "/signin" },
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  trustHost: true,
  providers: [],
  callbacks: {
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
