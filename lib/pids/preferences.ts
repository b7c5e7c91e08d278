import "server-only";
import { db } from "@/lib/db/client";
import { badRequest } from "@/lib/http/errors";
import { PID_KEY_PATTERN } from "@/lib/pids/pid-key";
import { canonicalUnit, unitDimension } from "@/lib/units";

/** A user's per-PID choices: favourites (picker, default charts) and display-unit overrides. */
export interface PidPreferences {
  favourites: string[];
  units: Record<string, string>;
}


function checkKey(key: string): void {
  if (!PID_KEY_PATTERN.test(key)) throw badRequest("Not a PID key.", "key");
}

export async function pidPreferences(userId: number): Promise<PidPreferences> {
  const rows = await db().pidPreference.findMany({ where: { userId }, orderBy: { key: "asc" } });
  return {
    favourites: rows.filter((r) => r.favourite).map((r) => r.key),
    units: Object.fromEntries(rows.filter((r) => r.unit !== null).map((r) => [r.key, r.unit as string])),
  };
}

export async function setFavouritePid(userId: number, key: string, favourite: boolean): Promise<void> {
  checkKey(key);
  await db().pidPreference.upsert({
    where: { userId_key: { userId, key } },
    create: { userId, key, favourite },
    update: { favourite, updatedAt: new Date() },
  });
}

/** Sets (or with null clears) the display unit of a PID; only units lib/units can convert to. */
export async function setPidDisplayUnit(userId: number, key: string, unit: string | null): Promise<void> {
  checkKey(key);
  if (unit !== null && unitDimension(unit) === null) throw badRequest(`"${unit}" is not a unit that can be converted to.`, "unit");
  const value = unit === null ? null : canonicalUnit(unit);
  await db().pidPreference.upsert({
    where: { userId_key: { userId, key } },
    create: { userId, key, unit: value },
    update: { unit: value, updatedAt: new Date() },
  });
}
