"use client";

import type { SessionStats, SessionView } from "@/lib/sessions/view";
import { formatInZone } from "@/lib/time";
import { formatDuration } from "./summary-units";
import styles from "./session-view.module.css";

/** Title, when, which car and phone, how many samples, and the live badge. */
export function SessionHeader({ view, stats, live, timeZone }: { view: SessionView; stats: SessionStats; live: boolean; timeZone: string | null }) {
  const end = stats.endedAt ?? view.startedAt;
  const hasTrack = view.pids.some((p) => p.key === "ff1006") && view.pids.some((p) => p.key === "ff1005");
  const when = timeZone
    ? `${formatInZone(view.startedAt, timeZone)} – ${formatInZone(end, timeZone, formatInZone(end, timeZone, "date") === formatInZone(view.startedAt, timeZone, "date") ? "time" : "datetime")}`
    : "…";
  return (
    <header className={styles.header}>
      <h1>{view.name ?? (timeZone ? `Trip on ${formatInZone(view.startedAt, timeZone, "date")}` : "Trip")}</h1>
      {live ? (
        <span className="badge live" title="Uploads are arriving: this page updates by itself">
          live
        </span>
      ) : null}
      <dl className={styles.facts}>
        <div>
          <dt>When</dt>
          <dd>
            {when} {timeZone ? <span className="muted">({timeZone})</span> : null}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(stats.durationS)}</dd>
        </div>
        {view.profileName ? (
          <div>
            <dt>Vehicle</dt>
            <dd>{view.profileName}</dd>
          </div>
        ) : null}
        <div>
          <dt>Device</dt>
          <dd className="mono">{view.device}</dd>
        </div>
        <div>
          <dt>Samples</dt>
          <dd data-testid="sample-count">{stats.sampleCount.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Download</dt>
          <dd>
            {/* Streamed files in the units Torque uploaded (see lib/export); GPX only with a GPS track. */}
            <a href={`/api/sessions/${view.id}/download?format=csv`} download>
              CSV
            </a>
            {" · "}
            <a href={`/api/sessions/${view.id}/download?format=json`} download>
              JSON
            </a>
            {hasTrack ? (
              <>
                {" · "}
                <a href={`/api/sessions/${view.id}/download?format=gpx`} download>
                  GPX
                </a>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      {view.notes ? <p style={{ flexBasis: "100%", margin: 0, whiteSpace: "pre-wrap" }}>{view.notes}</p> : null}
    </header>
  );
}
