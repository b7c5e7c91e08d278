/**
 * A PID's name and stored unit from what the phone sent (PidMeta: userFullName, defaultUnit),
 * completed from Torque's built-in table, else the bare key. Pure: the one rule behind the
 * session page's labels (lib/pids/catalog.ts) and the column headers of exports (lib/export).
 */
import { nameMatchKey, pidByKey } from "@/lib/tracklog/pid-names";
import { normaliseUnit } from "@/lib/units";

export function pidLabel(key: string, sent: { name?: string | null; unit?: string | null } = {}): { name: string; unit: string } {
  const builtIn = pidByKey(key);
  const name = sent.name?.trim();
  return {
    // Uploads turn "/", "%" and "&" into spaces ("1 4 mile time"): the built-in name is the same
    // name with them restored, unless the user renamed the PID in the app.
    name: builtIn && (!name || nameMatchKey(name) === nameMatchKey(builtIn.name)) ? builtIn.name : name || `PID ${key}`,
    // normaliseUnit: "km h" -> "km/h", a lone " " -> "%" (what uploads send).
    unit: normaliseUnit(sent.unit ?? builtIn?.unit ?? ""),
  };
}
