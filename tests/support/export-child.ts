/**
 * Runs one bulk export in its own process, for the memory test (started with a small
 * --max-old-space-size): writes the zip to argv[4] and prints what it did as JSON.
 * Usage: export-child.ts <userId> <id,id,…> <zip path>
 */
import { createWriteStream } from "node:fs";
import { exportZipStream } from "@/lib/export/zip";
import { db } from "@/lib/db/client";

const [userId, ids, out] = process.argv.slice(2);
const zip = await exportZipStream(Number(userId), ids.split(",").map(Number), { units: "stored", unitSystem: "metric", timeZone: "Europe/Berlin" });
const file = createWriteStream(out);
let peakHeap = 0;
let peakRss = 0;
const reader = zip.stream.getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
  if (!file.write(value)) await new Promise<void>((resolve) => file.once("drain", () => resolve()));
}
await new Promise<void>((resolve) => file.end(() => resolve()));
console.log(JSON.stringify({ sessions: zip.job.done, bytes: zip.job.bytes, state: zip.job.state, peakHeap, peakRss }));
await db().$disconnect();
