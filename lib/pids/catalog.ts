import "server-only";
import { db } from "@/lib/db/client";
import { pidCategory, type PidCategory } from "@/lib/pids/categories";
import { pidByKey } from "@/lib/tracklog/pid-names";
import { normaliseUnit } from "@/lib/units";

/** What a page or API needs to label a PID: its names, stored unit and the phone's display unit. */
export interface PidInfo {
  key: string;
  name: string;
  shortName: string | null;
  /** Unit of the stored values (Torque's defaultUnit, normalised). */
  unit: string;
  /** The unit the phone shows (Torque's userUnit), or null. */
  phoneUnit: string | null;
  category: PidCategory;
}

/**
 * Labels for a device's PIDs, in the order of `keys`: the names and units the phone sent
 * (pid_meta), else Torque's built-in table, else the bare key.
 */
export async function pidCatalog(deviceId: number, keys: string[]): Promise<PidInfo[]> {
  if (keys.length === 0) return [];
  const rows = await db().pidMeta.findMany({ where: { deviceId, key: { in: keys } } });
  const meta = new Map(rows.map((r) => [r.key, r]));
  return keys.map((key) => {
    const m = meta.get(key);
    const builtIn = pidByKey(key);
    const name = m?.fullName?.trim() || builtIn?.name || `PID ${key}`;
    const phoneUnit = m?.userUnit != null ? normaliseUnit(m.userUnit) : null;
    return {
      key,
      name,
      shortName: m?.shortName?.trim() || builtIn?.shortName || null,
      unit: normaliseUnit(m?.defaultUnit ?? builtIn?.unit ?? ""),
      phoneUnit: phoneUnit === "" ? null : phoneUnit,
      category: pidCategory(key, name),
    };
  });
}
