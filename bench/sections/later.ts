import { existsSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { loadSessions, type BenchOwner } from "../lib/dataset";
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
  config: { smoke: boolean; list: { sessions: number; samples: number }; storage: { sessions: number; samplesPerSession: number } };
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
    ctx.log(`list: loading ${more} more sessions × ${perSession} samples (to ${ctx.config.list.sessions} sessions) …`);
    await loadSessions(
      ctx.client,
      ctx.owner,
      { count: more, samplesPerSession: perSession, hz: 1, templateSize: ctx.templateSizes[1], endMs: Date.now() - 3 * 365 * 86400_000, torqueSessionBase: 2_000_000 },
      ctx.log,
    );
    await ctx.client.query("VACUUM ANALYZE");
    const queries: Record<string, string>[] = [
      {},
      { sort: "distance", order: "desc" },
      { sort: "duration", order: "asc" },
      { q: "commute" },
      { tag: "holiday" },
      { from: new Date(Date.now() - 400 * 86400_000).toISOString().slice(0, 10), to: new Date(Date.now() - 300 * 86400_000).toISOString().slice(0, 10) },
      { sort: "maxSpeed", order: "desc", minDistance: "10" },
    ];
    const times: number[] = [];
    const perQuery: Record<string, ReturnType<typeof summary>> = {};
    const rounds = ctx.config.smoke ? 2 : 20;
    const listSessions = listApi
      ? null
      : ((await import(/* @vite-ignore */ path.join(root, "lib/sessions/query.ts"))) as { listSessions: (userId: number, query: Record<string, unknown>) => Promise<unknown> }).listSessions;
    for (const query of queries) {
      const own: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const [, ms] = await timed(async () => {
          if (listSessions) return listSessions(ctx.user.id, query);
          const res = await fetch(`${ctx.stack.server.url}/api/v1/sessions?${new URLSearchParams(query)}`, { headers: auth });
          if (!res.ok) throw new Error(`list ${JSON.stringify(query)}: HTTP ${res.status} ${await res.text()}`);
          return res.text();
        });
        if (i > 0) own.push(ms); // the first of each query warms caches and plans
      }
      times.push(...own);
      perQuery[JSON.stringify(query)] = summary(own);
    }
    const all = summary(times);
    results.list = { via: listApi ? "GET /api/v1/sessions (read token)" : "listSessions() in-process", sessions: ctx.config.list.sessions, samples: ctx.config.list.samples, ...all, perQuery };
    rows.push({ section: "list", figure: `p50 / p95 at ${fmt.n(ctx.config.list.sessions)} sessions (${listApi ? "API" : "lib"})`, value: `${fmt.ms(all.p50Ms)} / ${fmt.ms(all.p95Ms)}`, target: "p50 ≤ 100 ms", met: all.p50Ms <= 100 });
  } else if (ctx.wanted("list")) {
    results.list = { skipped: "not available yet: neither app/api/v1/sessions nor lib/sessions/query.ts exists on this checkout" };
    rows.push({ section: "list", figure: "session list", value: "not available yet (no list API or listSessions)" });
  }

  // ---- 4. session chart ----
  const chartRoute = has("app/api/sessions/[id]/chart/route.ts");
  if (ctx.wanted("session") && chartRoute) {
    const cases = [
      { label: "1 h at 1 Hz", hz: 1 as const, samples: ctx.config.smoke ? 600 : 3600 },
      { label: "4 h at 10 Hz", hz: 10 as const, samples: ctx.config.smoke ? 6000 : 144_000 },
    ];
    const out: Record<string, unknown> = {};
    for (const c of cases) {
      const [id] = await loadSessions(ctx.client, ctx.owner, { count: 1, samplesPerSession: c.samples, hz: c.hz, templateSize: ctx.templateSizes[c.hz], endMs: Date.now() - 10 * 365 * 86400_000, torqueSessionBase: 3_000_000 + c.hz });
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < (ctx.config.smoke ? 2 : 6); i++) {
        const [body, ms] = await timed(async () => {
          const res = await fetch(`${ctx.stack.server.url}/api/sessions/${id}/chart`, { headers: auth });
          if (!res.ok) throw new Error(`chart: HTTP ${res.status} ${await res.text()}`);
          return res.arrayBuffer();
        });
        bytes = body.byteLength;
        if (i > 0) times.push(ms);
      }
      const s = summary(times);
      out[c.label] = { samples: c.samples, ...s, payloadBytes: bytes };
      rows.push({ section: "session", figure: `chart ${c.label} (${fmt.n(c.samples)} samples)`, value: `${fmt.ms(s.p50Ms)}, ${fmt.mb(bytes)}`, target: "≤ 200 ms", met: s.p50Ms <= 200 });
    }
    results.session = out;
  } else if (ctx.wanted("session")) {
    results.session = { skipped: "not available yet: app/api/sessions/[id]/chart does not exist on this checkout" };
    rows.push({ section: "session", figure: "chart data", value: "not available yet (no chart route)" });
  }

  // ---- 5. export ----
  if (ctx.wanted("export")) {
    results.export = { skipped: "not available yet: no bulk export route on this checkout" };
    rows.push({ section: "export", figure: "bulk zip of 1,000 sessions", value: "not available yet (no export route)" });
  }
  return { results, rows };
}
