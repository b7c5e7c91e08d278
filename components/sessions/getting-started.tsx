import Link from "next/link";

/** Empty state: what a new user must do so the first trip shows up here. */
export function GettingStarted({ origin }: { origin: string }) {
  return (
    <section className="panel" aria-labelledby="getting-started">
      <h1 id="getting-started">No sessions yet</h1>
      <p>Point Torque Pro at this server and your next trip appears here while you drive.</p>
      <ol>
        <li>
          <Link href="/settings">Create an upload token</Link> in Settings. It is shown once, inside the complete URL.
        </li>
        <li>
          In Torque Pro: <strong>Settings → Data Logging &amp; Upload</strong>, tick <em>Upload to webserver</em>, and paste
          the URL into <em>Webserver URL</em>. It looks like <code>{origin}/api/upload/tls_…</code>.
        </li>
        <li>Choose which PIDs to log (Select what to log) and start a trip. Use “Test settings”: it should say OK.</li>
      </ol>
      <p className="muted">
        Uploads not arriving? The <Link href="/uploads">upload log</Link> shows every request and why any was refused.
      </p>
    </section>
  );
}
