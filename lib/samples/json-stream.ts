import "server-only";
import { iterateSamples, type SampleRange } from "@/lib/samples/read";
import type { PidInfo } from "@/lib/sessions/detail";

/**
 * `{ "pids": [...], "columns": ["time", ...], "rows": [[epochMs, v, ...], ...] }` as a byte
 * stream, one batch of rows at a time: a 4-hour 10 Hz session never sits in memory. Pulling
 * (not pushing) means a slow or gone client stops the queries.
 */
export function samplesJsonStream(sessionId: number, pids: PidInfo[], range: SampleRange): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const wanted = pids.map((p) => p.key);
  let batches: AsyncGenerator<{ keys: string[]; rows: { time: number; values: (number | null)[] }[] }> | null = null;
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`{"pids":${JSON.stringify(pids)},"columns":${JSON.stringify(["time", ...wanted])},"rows":[`));
    },
    async pull(controller) {
      batches ??= iterateSamples(sessionId, range, 2000);
      const next = await batches.next();
      if (next.done) {
        controller.enqueue(encoder.encode("]}\n"));
        controller.close();
        return;
      }
      const index = wanted.map((k) => next.value.keys.indexOf(k));
      let text = "";
      for (const row of next.value.rows) {
        const cells = index.map((i) => (i < 0 ? null : (row.values[i] ?? null)));
        text += (first ? "\n" : ",\n") + JSON.stringify([row.time, ...cells]);
        first = false;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches?.return(undefined);
    },
  });
}
