import { revokeTokenAction } from "@/app/actions/tokens";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { formatInZone } from "@/lib/time";

export interface TokenRow {
  id: number;
  name: string;
  scope: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const SCOPE_LABEL: Record<string, string> = { upload: "Upload", read: "Read only", read_write: "Read and write" };

function TokenTable({ tokens, timeZone, caption }: { tokens: TokenRow[]; timeZone: string; caption: string }) {
  const when = (d: Date) => formatInZone(d.getTime(), timeZone).slice(0, 16);
  return (
    <div className="table-scroll">
      <table className="data">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Access</th>
            <th scope="col">Token</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{SCOPE_LABEL[t.scope] ?? t.scope}</td>
              <td className="mono">{t.prefix}…</td>
              <td>{when(t.createdAt)}</td>
              <td>{t.lastUsedAt ? when(t.lastUsedAt) : <span className="muted">never</span>}</td>
              <td>
                {t.revokedAt ? (
                  <span className="muted">revoked {when(t.revokedAt)}</span>
                ) : (
                  <form action={revokeTokenAction}>
                    <input type="hidden" name="id" value={t.id} />
                    <button type="submit" className="danger" aria-label={`Revoke token ${t.name}`}>
                      Revoke
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function UploadTokenSection({ tokens, origin, timeZone }: { tokens: TokenRow[]; origin: string; timeZone: string }) {
  const upload = tokens.filter((t) => t.scope === "upload");
  return (
    <section className="panel" aria-labelledby="upload-tokens-heading" id="upload-tokens">
      <h2 id="upload-tokens-heading">Upload tokens (Torque Pro)</h2>
      <p className="muted">
        An upload token lets Torque Pro send your trips here, and nothing else: it cannot read anything. Use one per phone, so
        you can revoke a lost phone alone. Times are in {timeZone}.
      </p>
      <CreateTokenForm kind="upload" origin={origin} />
      {upload.length === 0 ? <p>No upload tokens yet.</p> : <TokenTable tokens={upload} timeZone={timeZone} caption="Upload tokens" />}
    </section>
  );
}

export function ApiTokenSection({ tokens, origin, timeZone }: { tokens: TokenRow[]; origin: string; timeZone: string }) {
  const api = tokens.filter((t) => t.scope !== "upload");
  return (
    <section className="panel" aria-labelledby="api-tokens-heading" id="api-tokens">
      <h2 id="api-tokens-heading">API tokens</h2>
      <p className="muted">
        For scripts using the open API: <strong>read only</strong> lists, views and downloads your sessions;{" "}
        <strong>read and write</strong> may also rename, tag, import and delete them. Neither can change your account.
      </p>
      <CreateTokenForm kind="api" origin={origin} />
      {api.length === 0 ? <p>No API tokens yet.</p> : <TokenTable tokens={api} timeZone={timeZone} caption="API tokens" />}
    </section>
  );
}
