"use client";

import { useActionState } from "react";
import { createTokenAction, type CreateTokenState } from "@/app/actions/tokens";
import { CopyButton } from "@/components/forms/copy-button";

/** Creates an upload token (shown as the ready-to-paste Torque URL) or an API token. */
export function CreateTokenForm({ kind, origin }: { kind: "upload" | "api"; origin: string }) {
  const [state, action, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, { error: null, created: null });
  const uploadUrl = state.created?.scope === "upload" ? `${origin}/api/upload/${state.created.token}` : null;
  const nameId = `${kind}-token-name`;
  return (
    <div>
      <form action={action} aria-label={kind === "upload" ? "Create an upload token" : "Create an API token"} className="inline-form">
        <div>
          <label htmlFor={nameId}>Name</label>
          <input id={nameId} name="name" placeholder={kind === "upload" ? "e.g. Pixel in the van" : "e.g. backup script"} required maxLength={100} />
        </div>
        {kind === "upload" ? (
          <input type="hidden" name="scope" value="upload" />
        ) : (
          <div>
            <label htmlFor="api-token-scope">Access</label>
            <select id="api-token-scope" name="scope" defaultValue="read">
              <option value="read">Read only</option>
              <option value="read-write">Read and write</option>
            </select>
          </div>
        )}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Creating…" : kind === "upload" ? "Create upload token" : "Create API token"}
        </button>
      </form>
      {state.error ? (
        <p role="alert" className="error">
          {state.error}
        </p>
      ) : null}
      {state.created ? (
        <div role="status" className="created-token">
          <p>
            <strong>Token “{state.created.name}” created.</strong> Copy it now: it is not shown again.
          </p>
          {uploadUrl ? (
            <>
              <p>
                Paste this into Torque Pro → Settings → Data Logging &amp; Upload → <em>Webserver URL</em>:
              </p>
              <div className="copybox">
                <code id="created-upload-url" data-testid="upload-url">
                  {uploadUrl}
                </code>
                <CopyButton text={uploadUrl} targetId="created-upload-url" />
              </div>
              <p className="muted">Then tick “Upload to webserver” and use “Test settings”: Torque should report OK.</p>
            </>
          ) : (
            <>
              <div className="copybox">
                <code id="created-api-token" data-testid="api-token">
                  {state.created.token}
                </code>
                <CopyButton text={state.created.token} targetId="created-api-token" />
              </div>
              <p className="muted">
                Send it as <code>Authorization: Bearer {state.created.token.slice(0, 8)}…</code> with every request to{" "}
                <code>{origin}/api/v1/…</code>.
              </p>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
