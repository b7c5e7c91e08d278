import "server-only";
import { pidCategory, type PidCategory } from "@/lib/pids/categories";
import { sessionPids } from "@/lib/sessions/detail";
import { pidLabel } from "@/lib/pids/label";
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
 * Display labels for a device's PIDs, in the order of `keys`: what the API reports as sent by
 * the phone (lib/sessions/detail.ts sessionPids), named and united by pidLabel.
 */
export async function pidCatalog(deviceId: number, keys: string[]): Promise<PidInfo[]> {
  if (keys.length === 0) return [];
  return (await sessionPids(deviceId, keys)).map((m) => {
    const builtIn = pidByKey(m.key);
    const { name, unit } = pidLabel(m.key, { name: m.name, unit: m.unit });
    const phoneUnit = m.userUnit != null ? normaliseUnit(m.userUnit) : null;
    return {
      key: m.key,
      name,
      shortName: m.shortName?.trim() || builtIn?.shortName || null,
      unit,
      phoneUnit: phoneUnit === "" ? null : phoneUnit,
      category: pidCategory(m.key, name),
    };
  });
}
