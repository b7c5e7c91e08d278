import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { appendSamples, type SampleRow } from "@/lib/samples/write";
import type { FileAnalysis, SectionAnalysis } from "./analyse";
import type { ImportedSession } from "./report";
import { ensureImportedDevice } from "./targets";
import { readTrackLog } from "./tracklog-reader";

/**
 * The second import pass: reads the file again and writes every usable row, all of one
 * file in ONE transaction, so that a failure part-way (database gone, disk full) leaves
 * nothing of the file behind. Rows go through lib/samples/write in batches; memory holds
 * one batch.
 *
 * Which session: a trip whose time range overlaps the rows on the same device (the same
 * trip uploaded live, or imported before) takes them - same timestamps merge, so a
 * re-import adds nothing. Otherwise a new session starts, its Torque session id being the
 * first row's time, as Torque's own ids are the trip's start in ms.
 */
export interface WriteOptions {
  userId: number;
  /** The target device; null: the "Imported" device, created with the first rows stored. */
  deviceId: number | null;
  timeZone: string;
  nowMs: number;
  maxLineBytes: number;
}

// Small on purpose: Prisma's debug module keeps its last 100 log entries, query arguments
// included, even with DEBUG off; with 1,000-row statements that held ~160 MB of a 100 MB
// import alive, with 250 the heap stays under ~80 MB (bench/import-upload.ts).
const BATCH_ROWS = 250;
// A 100 MB file takes well under a minute; the limit only stops a transaction that hangs.
const TRANSACTION_TIMEOUT_MS = 15 * 60_000;

interface SessionTarget {
  id: number;
  created: boolean;
}

async function findOrCreateSession(tx: Prisma.TransactionClient, userId: number, deviceId: number, s: SectionAnalysis): Promise<SessionTarget> {
  const first = new Date(s.firstTime);
  const last = new Date(s.lastTime);
  // The largest overlap wins when rows span two trips (e.g. a trip uploaded in two parts).
  const [overlapping] = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM sessions
    WHERE user_id = ${userId} AND device_id = ${deviceId}
      AND started_at <= ${last} AND COALESCE(ended_at, started_at) >= ${first}
    ORDER BY LEAST(COALESCE(ended_at, started_at), ${last}) - GREATEST(started_at, ${first}) DESC, started_at
    LIMIT 1`;
  if (overlapping) {
    await tx.$executeRaw`UPDATE sessions SET started_at = ${first} WHERE id = ${overlapping.id} AND started_at > ${first}`;
    return { id: overlapping.id, created: false };
  }
  // ended_at is set now so that a later header of the same file sees this trip's range;
  // last_upload_at is the trip's end, not now(), or lists would show an old trip as live.
  const [inserted] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO sessions (user_id, device_id, torque_session, started_at, ended_at, last_upload_at)
    VALUES (${userId}, ${deviceId}, ${BigInt(s.firstTime)}, ${first}, ${last}, ${last})
    ON CONFLICT (device_id, torque_session) DO NOTHING
    RETURNING id`;
  if (inserted) return { id: inserted.id, created: true };
  const existing = await tx.session.findUniqueOrThrow({ where: { deviceId_torqueSession: { deviceId, torqueSession: BigInt(s.firstTime) } }, select: { id: true } });
  return { id: existing.id, created: false };
}

/** Names and units for the PIDs this file adds to the device, where the device has none yet. */
async function addPidMeta(tx: Prisma.TransactionClient, deviceId: number, analysis: FileAnalysis): Promise<void> {
  const rows = new Map<string, Prisma.PidMetaCreateManyInput>();
  for (const s of analysis.sections) {
    for (const m of s.plan.newMeta) {
      const used = s.keyHasValues[s.plan.keys.indexOf(m.key)];
      if (used && !rows.has(m.key)) rows.set(m.key, { deviceId, key: m.key, fullName: m.fullName, shortName: m.shortName, defaultUnit: m.defaultUnit });
    }
  }
  if (rows.size > 0) await tx.pidMeta.createMany({ data: [...rows.values()], skipDuplicates: true });
}

interface Batch {
  section: number;
  keys: string[];
  /** Indexes into the plan's values that go into `keys`. */
  pick: number[];
  rows: Map<number, (number | null)[]>;
  folded: number;
}

export async function writeTrackLog(open: () => AsyncIterable<Uint8Array>, analysis: FileAnalysis, options: WriteOptions): Promise<ImportedSession[]> {
  const bySession = new Map<number, ImportedSession>();
  await db().$transaction(
    async (tx) => {
      const deviceId = options.deviceId ?? (await ensureImportedDevice(tx, options.userId));
      await addPidMeta(tx, deviceId, analysis);
      const targets: (SessionTarget | null)[] = [];
      for (const s of analysis.sections) targets.push(s.rowsUsed === 0 ? null : await findOrCreateSession(tx, options.userId, deviceId, s));
      targets.forEach((t, i) => {
        if (t === null) return;
        const s = analysis.sections[i];
        const entry = bySession.get(t.id) ?? {
          id: t.id,
          status: t.created ? "created" : "merged",
          rowsRead: 0,
          samplesInserted: 0,
          samplesMerged: 0,
          samplesUnchanged: 0,
          firstTime: new Date(s.firstTime).toISOString(),
          lastTime: new Date(s.lastTime).toISOString(),
        };
        entry.rowsRead += s.rowsRead;
        if (s.firstTime < Date.parse(entry.firstTime)) entry.firstTime = new Date(s.firstTime).toISOString();
        if (s.lastTime > Date.parse(entry.lastTime)) entry.lastTime = new Date(s.lastTime).toISOString();
        bySession.set(t.id, entry);
      });

      let batch: Batch | null = null;
      const flush = async () => {
        if (batch === null || batch.rows.size === 0) return;
        const target = targets[batch.section];
        if (target === null) return;
        const rows: SampleRow[] = [...batch.rows].map(([time, values]) => ({ time, values }));
        const result = await appendSamples(target.id, batch.keys, rows, tx);
        const entry = bySession.get(target.id);
        if (entry) {
          entry.samplesInserted += result.inserted;
          entry.samplesMerged += result.merged + batch.folded;
          entry.samplesUnchanged += result.unchanged;
        }
        batch.rows = new Map();
        batch.folded = 0;
      };
      const plans = analysis.sections.map((s) => s.plan);
      const events = readTrackLog(open(), { ...options, encoding: analysis.encoding, planFor: (_, i) => plans[i] });
      for await (const event of events) {
        if (event.type !== "row") continue;
        if (batch === null || batch.section !== event.section) {
          await flush();
          const s = analysis.sections[event.section];
          const pick = s.plan.keys.flatMap((_, i) => (s.keyHasValues[i] ? [i] : []));
          batch = { section: event.section, keys: pick.map((i) => s.plan.keys[i]), pick, rows: new Map(), folded: 0 };
        }
        const values = batch.pick.map((i) => event.values[i]);
        const seen = batch.rows.get(event.time);
        // One statement cannot touch a row twice: rows of equal time merge here, later values winning.
        if (seen) {
          values.forEach((v, i) => {
            if (v !== null) seen[i] = v;
          });
          batch.folded++;
        } else {
          batch.rows.set(event.time, values);
          if (batch.rows.size >= BATCH_ROWS) await flush();
        }
      }
      await flush();
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
  return [...bySession.values()];
}
