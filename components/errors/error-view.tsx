"use client";

import { useEffect, useState } from "react";

type Cause = "checking" | "database" | "other";

/**
 * What a page shows when rendering it failed. In production a server error reaches the browser
 * as a bare digest (Next hides the message), so the cause is asked from /api/health: when the
 * database is unreachable the user is told so, and that the server itself is fine.
 */
export function ErrorView({ error, retry }: { error: unknown; retry: () => void }) {
  const [cause, setCause] = useState<Cause>("checking");
  const digest = typeof error === "object" && error !== null && "digest" in error ? String((error as { digest: unknown }).digest) : null;

  useEffect(() => {
    let cancelled = false;
    fetch("/api/health", { cache: "no-store" })
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as { database?: { ok?: boolean } } | null;
        if (!cancelled) setCause(body?.database?.ok === false ? "database" : "other");
      })
      .catch(() => !cancelled && setCause("other"));
    return () => {
      cancelled = true;
    };
  }, [error]);

  return (
    <section className="panel" role="alert" aria-live="assertive" aria-busy={cause === "checking"}>
      {cause === "database" ? (
        <>
          <h1>The database is unreachable</h1>
          <p>
            Torque Log Server is running, but it cannot reach its PostgreSQL database, so nothing can be shown right now.
            Uploads from the phone get a &ldquo;retry later&rdquo; answer meanwhile; nothing is acknowledged that was not
            stored.
          </p>
          <p className="muted">
            If it does not come back by itself within a minute, check the server&apos;s log, that PostgreSQL is running and
            that DATABASE_URL points at it (<code>/api/health</code> shows the current state).
          </p>
        </>
      ) : (
        <>
          <h1>Something went wrong</h1>
          <p>{cause === "checking" ? "Checking what happened …" : "This page could not be shown. Trying again often helps."}</p>
        </>
      )}
      {digest ? <p className="muted">Reference for the server log: <code>{digest}</code></p> : null}
      <p>
        <button type="button" className="primary" onClick={() => retry()}>
          Try again
        </button>
      </p>
    </section>
  );
}
