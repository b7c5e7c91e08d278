import { fixtureTargets } from "../../tests/support/torque-fixture";

/**
 * Realistic Torque traffic built from the real trip in tests/fixtures/torque: the phone's own
 * metadata burst (notice, profile, defaultUnit, and the 13.4 KB userUnit/userShortName/
 * userFullName request, raw UTF-8 bytes included) and its data samples cut to the 40 PIDs the
 * trip logged most often, values exactly as the phone formatted them.
 */
export const PIDS_PER_SAMPLE = 40;

export interface TripTemplate {
  /** Query strings (after `?`, before the per-phone fields) of the metadata burst, in order. */
  metadata: Buffer[];
  /** `k<pid>=<value>&…` of each data sample, 40 PIDs each, in trip order. */
  samples: string[];
  /** The 40 normalised keys (without the `k`), in the order of `samples`. */
  keys: string[];
  /** The same samples as numbers (aligned with keys), for bulk loads. */
  values: number[][];
}

const PER_PHONE = /(?:^|&)(?:eml|v|session|id|time)=[^&]*/g;

function queryOf(target: Buffer): Buffer {
  const text = target.toString("latin1");
  const query = text.slice(text.indexOf("?") + 1).replace(PER_PHONE, "").replace(/^&+/, "");
  return Buffer.from(query, "latin1");
}

export function loadTripTemplate(): TripTemplate {
  const targets = fixtureTargets("/x");
  const isData = (t: Buffer) => /[?&]k[0-9a-f]+=/.test(t.toString("latin1"));
  const metadata = targets.filter((t) => !isData(t) && /notice=|profileName=|defaultUnit|userUnit/.test(t.toString("latin1")));
  const dataQueries = targets.filter(isData).map((t) => new URLSearchParams(queryOf(t).toString("latin1")));

  const counts = new Map<string, number>();
  for (const q of dataQueries) for (const k of new Set([...q.keys()].filter((k) => /^k[0-9a-f]+$/.test(k)))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const chosen = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, PIDS_PER_SAMPLE).map(([k]) => k);

  const complete = dataQueries.filter((q) => chosen.every((k) => q.has(k)));
  return {
    metadata: metadata.map(queryOf),
    keys: chosen.map((k) => k.slice(1)),
    samples: complete.map((q) => chosen.map((k) => `${k}=${q.get(k)}`).join("&")),
    values: complete.map((q) => chosen.map((k) => Number(q.get(k)))),
  };
}

/** A 32-hex-digit device id like Torque's (MD5 of the phone's id), unique per phone index. */
export function deviceIdFor(index: number, salt = 0): string {
  return (salt.toString(16).padStart(8, "0") + index.toString(16).padStart(8, "0")).padStart(32, "a");
}
