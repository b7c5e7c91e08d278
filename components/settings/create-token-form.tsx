"use client";

import { useActionState } from "react";
import { createTokenAction, type CreateTokenState } from "@/app/actions/tokens";

export function CreateTokenForm({ origin }: { origin: string }) {
  const [state, action, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, { error: null, created: null });
  const uploadUrl = state.created?.scope === "upload" ? `${origin}/api/upload/${state.created.token}` : null;
  return (
    <div>
      <form action={action} style={{ display: "flex", gap: "0.5rem", alignItems: "end", flexWrap: "wrap" }}>
        <div>
          <label htmlFor="token-name">Name</label>
          <input id="token-name" name="name" placeholder="e.g. Pixel in the van" required maxLength={100} />
        </div>
        <div>
          <label htmlFor="token-scope">Kind</label>
          <select id="token-scope" name="scope" defaultValue="upload">
            <option value="upload">Upload (Torque Pro)</option>
            <option value="read">API: read</option>
            <option value="read-write">API: read-write</option>
          </select>
        </div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      {state.error ? <p role="alert" className="error">{state.error}</p> : null}
      {state.created ? (
        <div role="status" style={{ marginTop: "0.8rem" }}>
          <p>
            <strong>Token “{state.created.name}” created.</strong> Copy it now: it is not shown again.
          </p>
          {uploadUrl ? (
            <>
              <p>Webserver URL for Torque Pro:</p>
              <div className="copybox">
                <code data-testid="upload-url">{uploadUrl}</code>
                <button type="button" onClick={() => void navigator.clipboard?.writeText(uploadUrl)}>
                  Copy
                </button>
              </div>
            </>
          ) : (
            <div className="copybox">
              <code data-testid="api-token">{state.created.token}</code>
              <button type="button" onClick={() => void navigator.clipboard?.writeText(state.created?.token ?? "")}>
                Copy
              </button>
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}
