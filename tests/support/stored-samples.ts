import { db } from "@/lib/db/client";
import { readAllSamples } from "@/lib/samples/read";

/** Every stored sample of a user, keyed by "session/time", with its non-null values by PID. */
export async function storedSamples(userId: number): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  const sessions = await db().session.findMany({ where: { userId }, select: { id: true, torqueSession: true } });
  for (const session of sessions) {
    const { keys, rows } = await readAllSamples(session.id);
    for (const row of rows) {
      const values: Record<string, number> = {};
      keys.forEach((k, i) => {
        const v = row.values[i];
        if (v !== null && v !== undefined) values[k] = v;
      });
      out.set(`${session.torqueSession}/${row.time}`, values);
    }
  }
  return out;
}
