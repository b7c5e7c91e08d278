import type { UploadLogEntry } from "@/lib/ingest/diagnostics";

interface DeviceRow {
  id: number;
  torqueId: string;
  nickname: string | null;
  email: string | null;
  allowed: boolean;
  lastSeenAt: Date | null;
}

const utc = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "never");

export function UploadLogTable({ devices, uploads }: { devices: DeviceRow[]; uploads: UploadLogEntry[] }) {
  return (
    <>
      <h1>Upload log</h1>
      <section className="panel" aria-labelledby="devices-heading">
        <h2 id="devices-heading">Devices</h2>
        {devices.length === 0 ? (
          <p>No phone has uploaded yet. Requests with a wrong or missing token never reach your account and are not listed here.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">E-mail in app</th>
                <th scope="col">Last upload</th>
                <th scope="col">Allowed</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id}>
                  <td className="mono">{d.nickname ?? d.torqueId}</td>
                  <td>{d.email ?? "–"}</td>
                  <td>{utc(d.lastSeenAt)}</td>
                  <td>{d.allowed ? "yes" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="requests-heading">
        <h2 id="requests-heading">Last {uploads.length} requests</h2>
        {uploads.length === 0 ? (
          <p>No upload requests recorded yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Device</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="num">Status</th>
                  <th scope="col" className="num">Keys</th>
                  <th scope="col" className="num">Skipped values</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {uploads.map((u, i) => (
                  <tr key={i}>
                    <td>{utc(u.at)}</td>
                    <td className="mono">{u.device ?? "–"}</td>
                    <td className={u.outcome === "rejected" ? "error" : "ok"}>{u.outcome}</td>
                    <td className="num">{u.status}</td>
                    <td className="num">{u.keys}</td>
                    <td className="num">{u.skipped}</td>
                    <td>{u.reason ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
