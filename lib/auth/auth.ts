import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authConfig } from "@/auth.config";
import { attemptSignIn } from "@/lib/auth/sign-in";
import { clientAddress } from "@/lib/http/client-address";
import { logger } from "@/lib/log";

/**
 * The Node half of the auth configuration: the credentials provider with its database and
 * bcrypt work. Edge-safe settings (cookies, callbacks, pages) live in auth.config.ts.
 */
const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(200),
});

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}

/** Too many failed attempts: carries when the lock ends, for the sign-in form's message. */
export class SignInLocked extends CredentialsSignin {
  override code = "rate_limited";
  constructor(
    readonly scope: "account" | "address",
    readonly until: Date,
  ) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  logger: {
    // A wrong password is an expected outcome, logged below without the stack next-auth adds.
    error: (error) => {
      if (!(error instanceof CredentialsSignin)) logger.error("auth error", { error });
    },
    warn: (code) => logger.warn("auth warning", { code }),
    debug: () => undefined,
  },
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const address = clientAddress(request.headers);
        const result = await attemptSignIn(parsed.data.email, parsed.data.password, address);
        if (!result.ok) {
          logger.warn("sign-in refused", { reason: result.reason, address });
          if (result.reason === "locked") throw new SignInLocked(result.scope, result.until);
          throw new InvalidCredentials();
        }
        const user = result.user;
        return { id: String(user.id), email: user.email, role: user.role, authVersion: user.authVersion } as {
          id: string;
          email: string;
        };
      },
    }),
  ],
});
