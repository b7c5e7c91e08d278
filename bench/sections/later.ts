import { existsSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { cloneSessions, loadSessions, type BenchOwner } from "../lib/dataset";
import { fmt, percentile, type Row } from "../lib/report";
import { root, type Stack } from "../lib/stack";

/**
 * Sections 3–5 (list, session chart, export) measure features that other branches build. Each
 * runs when its route (or, for the list, its lib function) exists in this checkout, and
 * otherwise reports "not available yet" instead of a figure.
 */
interface Context {
  client: pg.Client;
  stack: Stack;
  owner: BenchOwner;
  user: { id: number };
  templateSizes: { 1: number; 10: number };
  config: { smoke: boolean; packing: boolean; list: { sessions: number; samples: number }; storage: { sessions: number; samplesPerSession: number } };
  wanted: (section: string) => boolean;
  log: (line: string) => void;
}

const has = (file: string) => existsSync(path.join(root, file));

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted[sorted.length - 1] ?? 0 };
}

export async function benchLaterSections(ctx: Context): Promise<{ results: Record<string, unknown>; rows: Row[] }> {
  const results: Record<string, unknown> = {};
  const rows: Row[] = [];
  const { createToken } = await import("@/lib/tokens");
  const readToken = (await createToken(ctx.user.id, "read", "bench read")).token;
  const auth = { authorization: `Bearer ${readToken}` };

  // ---- 3. list ----
  const listApi = has("app/api/v1/sessions/route.ts");
  const listLib = has("lib/sessions/query.ts");
  if (ctx.wanted("list") && (listApi || listLib)) {
    const loaded = ctx.config.storage.sessions * ctx.config.storage.samplesPerSession;
    const more = ctx.config.list.sessions - ctx.config.storage.sessions;
    const perSession = Math.max(1, Math.round((ctx.config.list.samples - loaded) / Math.max(1, more)));
    ctx.log(`list: ${more} more sessions × ${perSession} samples (to ${fmt.n(ctx.config.list.sessions)} sessions) …`);
    const templates = await loadSessions(
      ctx.client,
      ctx.owner,
      { count: 20, samplesPerSession: perSession, hz: 1, templateSize: ctx.templateSizes[1], endMs: Date.now() - 4 * 365 * 86400_000, torqueSessionBase: 2_000_000 },
      () => undefined,
      ctx.config.packing ? "packed" : "hot",
    );
    await cloneSessions(ctx.client, ctx.owner, templates, { count: more - templates.length, endMs: Date.now() - 3 * 365 * 86400_000, torqueSessionBase: 2_100_000, packed: ctx.config.packing }, ctx.log);
    await ctx.client.query("VACUUM ANALYZE");
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000).toISOString().slice(0, 10);
    const queries: Record<string, string>[] = [
      {},
      { sort: "distance" },
      { sort: "duration", order: "asc" },
      { sort: "maxSpeed", minDistanceKm: "10" },
      { sort: "name" },
      { sort: "vehicle" },
      { q: "commute" },
      { tag: "holiday" },
      { from: day(400), to: day(300) },
    ];
    const times: number[] = [];
    const perQuery: Record<string, ReturnType<typeof summary>> = {};
    const rounds = ctx.config.smoke ? 2 : 20;
    const { listSessions, parseSessionListQuery } = await import("@/lib/sessions/query");
    for (const raw of queries) {
      const own: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const [, ms] = await timed(async () => {
          if (!listApi) return listSessions(ctx.user.id, parseSessionListQuery(raw, { timeZone: "UTC" }));
          const res = await fetch(`${ctx.stack.server.url}/api/v1/sessions?${new URLSearchParams(raw)}`, { headers: auth });
          if (!res.ok) throw new Error(`list ${JSON.stringify(raw)}: HTTP ${res.status} ${await res.text()}`);
          return res.text();
        });
        if (i > 0) own.push(ms); // the first of each query warms caches and plans
      }
      times.push(...own);
      perQuery[new URLSearchParams(raw).toString() || "(default)"] = summary(own);
    }
    const all = summary(times);
    const via = listApi ? "GET /api/v1/sessions (read token, HTTP)" : "listSessions() in the bench process (no list API route yet): page + total, no HTTP";
    results.list = { via, sessions: ctx.config.list.sessions, samples: ctx.config.list.samples, ...all, perQuery };
    rows.push({ section: "list", figure: `p50 / p95, ${fmt.n(ctx.config.list.sessions)} sessions (${listApi ? "API" : "listSessions"})`, value: `${fmt.ms(all.p50Ms)} / ${fmt.ms(all.p95Ms)}`, target: "p50 ≤ 100 ms", met: all.p50Ms <= 100 });
  } else if (ctx.wanted("list")) {
    results.list = { skipped: "not available yet: neither app/api/v1/sessions nor lib/sessions/query.ts exists on this checkout" };
    rows.push({ section: "list", figure: "session list", value: "not available yet (no list API or listSessions)" });
  }

  // ---- 4. session: chart data (when its route exists) and the raw samples API ----
  const chartRoute = has("app/api/sessions/[id]/chart/route.ts");
  const samplesRoute = has("app/api/v1/sessions/[id]/samples/route.ts");
  if (ctx.wanted("session") && (chartRoute || samplesRoute)) {
    const cases = [
      { label: "1 h at 1 Hz", hz: 1 as const, samples: ctx.config.smoke ? 600 : 3600 },
      { label: "4 h at 10 Hz", hz: 10 as const, samples: ctx.config.smoke ? 6000 : 144_000 },
    ];
    const out: Record<string, unknown> = {};
    const measure = async (url: string) => {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < (ctx.config.smoke ? 2 : 6); i++) {
        const [body, ms] = await timed(async () => {
          const res = await fetch(url, { headers: auth });
          if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
          return res.arrayBuffer();
        });
        bytes = body.byteLength;
        if (i > 0) times.push(ms);
      }
      return { ...summary(times), payloadBytes: bytes };
    };
    for (const c of cases) {
      const [id] = await loadSessions(
        ctx.client,
        ctx.owner,
        { count: 1, samplesPerSession: c.samples, hz: c.hz, templateSize: ctx.templateSizes[c.hz], endMs: Date.now() - 10 * 365 * 86400_000, torqueSessionBase: 3_000_000 + c.hz },
        () => undefined,
        ctx.config.packing ? "packed" : "hot",
      );
      // What autovacuum does within a minute of the load (packing deleted the session's hot
      // rows): timing before it would put that vacuum on the stack's core during the requests.
      await ctx.client.query("VACUUM ANALYZE samples, sample_chunks");
      const entry: Record<string, unknown> = { samples: c.samples };
      if (chartRoute) {
        // Four PIDs (speed, RPM, coolant, throttle-like) at the page's default of 1,000 points.
        const pids = ["d", "c", "5", "11"].filter((k) => ctx.owner.keys.includes(k));
        const chart = await measure(`${ctx.stack.server.url}/api/sessions/${id}/chart?pids=${pids.join(",")}&points=1000`);
        entry.chart = chart;
        rows.push({ section: "session", figure: `chart, 4 PIDs, ${c.label} (${fmt.n(c.samples)} samples)`, value: `${fmt.ms(chart.p50Ms)}, ${fmt.mb(chart.payloadBytes)}`, target: "≤ 200 ms", met: chart.p50Ms <= 200 });
      }
      if (samplesRoute) {
        const all = await measure(`${ctx.stack.server.url}/api/v1/sessions/${id}/samples`);
        entry.samplesApi = all;
        rows.push({ section: "session", figure: `all samples via API, ${c.label}`, value: `${fmt.ms(all.p50Ms)}, ${fmt.mb(all.payloadBytes)} (${fmt.n(c.samples / (all.p50Ms / 1000))} samples/s)` });
      }
      out[c.label] = entry;
    }
    if (!chartRoute) {
      out.chart = { skipped: "not available yet: app/api/sessions/[id]/chart does not exist on this checkout" };
      rows.push({ section: "session", figure: "chart data", value: "not available yet (no chart route)" });
    }
    results.session = out;
  } else if (ctx.wanted("session")) {
    results.session = { skipped: "not available yet: no chart route and no samples API on this checkout" };
    rows.push({ section: "session", figure: "chart data", value: "not available yet (no chart route)" });
  }

  // ---- 5. export ----
  if (ctx.wanted("export")) {
    const route = has("app/api/sessions/export/route.ts");
    const why = route
      ? "measured by bench/export.ts (its own bulk load and server run; figures in bench/README.md), not yet a section here"
      : "not available yet: no bulk export route on this checkout";
    results.export = { skipped: why };
    rows.push({ section: "export", figure: "bulk zip of 1,000 sessions", value: route ? "see bench/export.ts (bench/README.md)" : "not available yet (no export route)" });
  }
  return { results, rows };
}
