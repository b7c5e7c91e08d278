/**
 * Signs in against the real server the way a browser's form post to next-auth would:
 * GET /api/auth/csrf (token + cookie), then POST /api/auth/callback/credentials. Returns the
 * Cookie header value carrying the session, or the refusal.
 */
export interface SignInOutcome {
  cookie: string | null;
  status: number;
  location: string | null;
  setCookies: string[];
}

/** "name=value" pairs of Set-Cookie headers, for a Cookie request header. */
export function cookiePairs(setCookies: string[]): string {
  return setCookies.map((c) => c.split(";")[0]).join("; ");
}

export async function postCredentials(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignInOutcome> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookiePairs(csrf.headers.getSetCookie()) },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/` }),
  });
  const setCookies = response.headers.getSetCookie();
  const session = setCookies.filter((c) => /^(__Secure-)?authjs\.session-token=/.test(c) && !/=;/.test(c));
  return {
    cookie: session.length > 0 ? cookiePairs(session) : null,
    status: response.status,
    location: response.headers.get("location"),
    setCookies,
  };
}

export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const outcome = await postCredentials(baseUrl, email, password);
  if (!outcome.cookie) throw new Error(`Sign-in of ${email} failed: ${outcome.status} → ${outcome.location}`);
  return outcome.cookie;
}
