import type { Health } from "@/lib/health";

function uptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

export function InstancePanel({ health, userCount }: { health: Health; userCount: number }) {
  return (
    <section className="panel" aria-labelledby="instance-heading">
      <h2 id="instance-heading">Instance</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd className={health.status === "ok" ? "ok" : "error"}>{health.status === "ok" ? "OK" : "Degraded"}</dd>
        <dt>Database</dt>
        <dd>{health.database.ok ? `reachable (${health.database.latencyMs} ms)` : (health.database.error ?? "unreachable")}</dd>
        <dt>Up for</dt>
        <dd>{uptime(health.uptimeS)}</dd>
        <dt>Version</dt>
        <dd>{health.version}</dd>
        <dt>Users</dt>
        <dd>{userCount}</dd>
      </dl>
    </section>
  );
}
