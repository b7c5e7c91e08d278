import { revokeTokenAction } from "@/app/actions/tokens";
import { CreateTokenForm } from "@/components/settings/create-token-form";

interface TokenRow {
  id: number;
  name: string;
  scope: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const SCOPE_LABEL: Record<string, string> = { upload: "Upload (Torque)", read: "API read", read_write: "API read-write" };

export function TokenSection({ tokens, origin }: { tokens: TokenRow[]; origin: string }) {
  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Tokens</h2>
      <p className="muted">
        An <strong>upload token</strong> lets Torque Pro send data: paste the URL shown after creating one into Torque Pro →
        Settings → Data Logging &amp; Upload → Webserver URL. <strong>API tokens</strong> let scripts read (or edit) your
        sessions through <code>/api/v1</code>.
      </p>
      <CreateTokenForm origin={origin} />
      {tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
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
                  <td>{t.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
                  <td>{t.lastUsedAt ? `${t.lastUsedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never"}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="muted">revoked</span>
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
      )}
    </section>
  );
}
