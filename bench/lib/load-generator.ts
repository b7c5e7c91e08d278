/**
 * The load generator, run as its own process (bench/lib/phones.ts starts it, pinned to its own
 * core) so that it never competes with the server inside one event loop. N phones, each one
 * keep-alive connection with one request in flight, closed loop (the next request goes as soon
 * as the reply arrives): the rate measured is the server's capacity, the latency its response
 * time under that load.
 *
 * Input: one JSON argument (GeneratorInput). Output: one JSON line (GeneratorResult) on stdout.
 */
import { pathToFileURL } from "node:url";
import { getRequest, RawConnection } from "./raw-client";
import { percentile } from "./report";
import { deviceIdFor, loadTripTemplate } from "./torque-stream";

export interface GeneratorInput {
  port: number;
  mode: "ping" | "ingest";
  phones: number;
  seconds: number;
  warmupSeconds: number;
  token: string;
  /** Makes device ids (and so trips) unique per run. */
  salt: number;
  /** Each phone goes on past the deadline until it had this many data samples answered (smoke runs). */
  minSamplesPerPhone?: number;
}

export interface GeneratorResult {
  mode: "ping" | "ingest";
  phones: number;
  measuredSeconds: number;
  /** Requests completed inside the measured window (after warm-up). */
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Over the whole run, warm-up included. */
  total: { requests: number; ok: number; dataOk: number; metadataOk: number; failed: number; statuses: Record<string, number>; errors: string[] };
}


async function run(input: GeneratorInput): Promise<GeneratorResult> {
  const template = input.mode === "ingest" ? loadTripTemplate() : null;
  const started = performance.now();
  const measureFrom = started + input.warmupSeconds * 1000;
  const stopAt = measureFrom + input.seconds * 1000;
  const latencies: number[] = [];
  const total = { requests: 0, ok: 0, dataOk: 0, metadataOk: 0, failed: 0, statuses: {} as Record<string, number>, errors: [] as string[] };

  // Trips that start a minute before the run, as live trips do (sample times 100 ms apart run
  // ahead of the clock, well inside the 2 days of skew the server accepts): with times of 2023
  // the server's packing pass treated them as a phone's backlog after its first minute.
  const tripStart = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  const phone = async (index: number) => {
    const connection = new RawConnection(input.port);
    const session = tripStart + index * 1000;
    const prefix = template
      ? `/api/upload/${input.token}?eml=bench%40example.com&v=8&session=${session}&id=${deviceIdFor(index, input.salt)}&time=`
      : "";
    let sent = 0;
    let answeredData = 0;
    const minData = template ? (input.minSamplesPerPhone ?? 0) : 0;
    while (performance.now() < stopAt || answeredData < minData) {
      let raw: Buffer;
      let isData = false;
      if (!template) {
        raw = getRequest("/api/ping");
      } else {
        const time = session + 100 * sent;
        if (sent < template.metadata.length) {
          raw = getRequest(Buffer.concat([Buffer.from(`${prefix}${time}&`, "latin1"), template.metadata[sent]]));
        } else {
          isData = true;
          raw = getRequest(`${prefix}${time}&${template.samples[(sent + index * 7) % template.samples.length]}`);
        }
      }
      sent++;
      const t0 = performance.now();
      try {
        const reply = await connection.request(raw);
        const t1 = performance.now();
        total.requests++;
        total.statuses[reply.status] = (total.statuses[reply.status] ?? 0) + 1;
        const ok = template ? reply.status === 200 && reply.body === "OK!" : reply.status === 200;
        if (isData) answeredData++;
        if (ok) {
          total.ok++;
          if (isData) total.dataOk++;
          else if (template) total.metadataOk++;
        } else {
          total.failed++;
          if (total.errors.length < 5) total.errors.push(`${reply.status} ${reply.body.slice(0, 200)}`);
        }
        if (t0 >= measureFrom && t1 <= stopAt) latencies.push(t1 - t0);
      } catch (error) {
        total.requests++;
        total.failed++;
        if (isData) answeredData++;
        if (total.errors.length < 5) total.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: input.phones }, (_, i) => phone(i)));

  const sorted = Float64Array.from(latencies).sort();
  return {
    mode: input.mode,
    phones: input.phones,
    measuredSeconds: input.seconds,
    requests: sorted.length,
    perSecond: sorted.length / input.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : 0,
    total,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(JSON.parse(process.argv[2]) as GeneratorInput).then(
    (result) => process.stdout.write(JSON.stringify(result) + "\n"),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
