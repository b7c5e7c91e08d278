import type { FileImportReport } from "@/lib/import/report";
import { formatInZone } from "@/lib/time";
import styles from "./import.module.css";

const count = (n: number) => n.toLocaleString("en-US");

/** What happened to one imported file: its trips, columns, rejected rows and warnings. */
export function FileReport({ report }: { report: FileImportReport }) {
  if (report.error) {
    return (
      <p className="error" role="alert">
        Not imported: {report.error}
      </p>
    );
  }
  const when = (iso: string) => formatInZone(Date.parse(iso), report.timeZone);
  return (
    <div className={styles.report}>
      <div className="table-scroll">
        <table className="data">
          <caption className="sr-only">Trips in {report.file}</caption>
          <thead>
            <tr>
              <th scope="col">Trip</th>
              <th scope="col">Result</th>
              <th scope="col" className="num">Rows read</th>
              <th scope="col" className="num">New samples</th>
              <th scope="col" className="num">Merged</th>
              <th scope="col" className="num">Already stored</th>
            </tr>
          </thead>
          <tbody>
            {report.sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {when(s.firstTime)} – {formatInZone(Date.parse(s.lastTime), report.timeZone, "time")}{" "}
                  <span className="muted">(session {s.id})</span>
                </td>
                <td>{s.status === "created" ? <span className="badge">new trip</span> : <span className="badge">added to existing trip</span>}</td>
                <td className="num">{count(s.rowsRead)}</td>
                <td className="num">{count(s.samplesInserted)}</td>
                <td className="num">{count(s.samplesMerged)}</td>
                <td className="num">{count(s.samplesUnchanged)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        Columns: {count(report.columnsMapped)} matched to known PIDs
        {report.columnsUnknown.length > 0 ? (
          <>
            , {report.columnsUnknown.length} kept as custom PIDs: <span className="mono">{report.columnsUnknown.join(", ")}</span>
          </>
        ) : null}
        . Device Time read in {report.timeZone}.
      </p>
      {report.columnsSkipped.length > 0 ? (
        <ul className="error">
          {report.columnsSkipped.map((c) => (
            <li key={c.column}>
              Column <span className="mono">{c.column}</span> left out: {c.reason}.
            </li>
          ))}
        </ul>
      ) : null}
      {report.warnings.map((w) => (
        <p key={w} className={styles.warning}>
          {w}
        </p>
      ))}
      {report.rowsRejectedCount > 0 ? (
        <details>
          <summary>
            {count(report.rowsRejectedCount)} row{report.rowsRejectedCount === 1 ? "" : "s"} could not be used
            {report.rowsRejectedCount > report.rowsRejected.length ? ` (first ${report.rowsRejected.length} listed)` : ""}
          </summary>
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col" className="num">Line</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {report.rowsRejected.map((r) => (
                  <tr key={r.line}>
                    <td className="num">{r.line}</td>
                    <td className={styles.reason}>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : (
        <p className="muted">Every row was used.</p>
      )}
    </div>
  );
}
