import type { SessionRow } from "@/lib/sessions/recent";

function formatDuration(seconds: number | null): string {
  if (seconds === null) return "–";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s % 60} s`;
}

const number = (v: number | null, digits = 1) => (v === null ? "–" : v.toFixed(digits));

export function SessionTable({ sessions, timeZone }: { sessions: SessionRow[]; timeZone: string }) {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" });
  return (
    <section aria-labelledby="sessions-heading">
      <h1 id="sessions-heading">Sessions</h1>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Start ({timeZone})</th>
              <th scope="col">Name</th>
              <th scope="col">Vehicle</th>
              <th scope="col">Device</th>
              <th scope="col" className="num">Duration</th>
              <th scope="col" className="num">Distance (km)</th>
              <th scope="col" className="num">Max speed (km/h)</th>
              <th scope="col" className="num">Samples</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {format.format(s.startedAt)} {s.live ? <span className="badge live">live</span> : null}
                </td>
                <td>{s.name ?? ""}</td>
                <td>{s.profileName ?? "–"}</td>
                <td className="mono">{s.device}</td>
                <td className="num">{formatDuration(s.durationS)}</td>
                <td className="num">{number(s.distanceKm)}</td>
                <td className="num">{number(s.maxSpeedKmh, 0)}</td>
                <td className="num">{s.sampleCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
