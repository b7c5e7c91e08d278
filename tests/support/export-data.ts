/**
 * Helpers of the export tests: data made directly in the database, and the check that a
 * downloaded CSV holds exactly a session's stored samples, read the way a user's tool would.
 */
import Papa from "papaparse";
import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { readAllSamples } from "@/lib/samples/read";
import { nameMatchKey, parseCellValue, parseDeviceTime, parseHeaderCell, pidKeyForName } from "@/lib/tracklog";

export async function makeDevice(owner: number, torqueId: string, pids: Record<string, { fullName?: string; defaultUnit?: string }> = {}) {
  const device = await db().device.create({ data: { userId: owner, torqueId, nickname: null } });
  for (const [key, p] of Object.entries(pids)) await db().pidMeta.create({ data: { deviceId: device.id, key, ...p } });
  return device;
}

export async function makeSession(owner: number, deviceId: number, torqueSession: number, profile?: string) {
  const profileRow = profile ? await db().vehicleProfile.create({ data: { userId: owner, deviceId, name: profile } }) : null;
  return db().session.create({
    data: { userId: owner, deviceId, profileId: profileRow?.id, torqueSession: BigInt(torqueSession), startedAt: new Date(torqueSession), name: null },
  });
}

/** The PID key behind a header cell, read the way a user's tool would: by name. */
async function keyResolver(deviceId: number) {
  const meta = await db().pidMeta.findMany({ where: { deviceId } });
  return (cell: string): string => {
    const { name } = parseHeaderCell(cell);
    const own = meta.find((m) => m.fullName !== null && nameMatchKey(m.fullName.replace(/,/g, " ")) === nameMatchKey(name));
    const key = own?.key ?? pidKeyForName(name) ?? /^PID ([0-9a-f]+)$/.exec(name)?.[1];
    if (key === undefined) throw new Error(`no PID for column ${cell}`);
    return key;
  };
}

/** Asserts that a downloaded CSV holds exactly the session's stored samples. */
export async function expectCsvIsSession(csv: string, sessionId: number, timeZone: string) {
  const session = await db().session.findUniqueOrThrow({ where: { id: sessionId } });
  const stored = await readAllSamples(sessionId);
  const parsed = Papa.parse<string[]>(csv, { delimiter: ",", skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const [header, ...rows] = parsed.data;
  const keyOf = await keyResolver(session.deviceId);
  const columns = header.slice(11).map(keyOf);
  expect([...columns].sort()).toEqual([...stored.keys].sort());
  expect(rows).toHaveLength(stored.rows.length);
  rows.forEach((cells, i) => {
    expect(cells).toHaveLength(header.length);
    expect(parseDeviceTime(cells[1], timeZone)).toBe(stored.rows[i].time);
    columns.forEach((key, j) => {
      expect(parseCellValue(cells[11 + j]), `${header[11 + j]} row ${i}`).toBe(stored.rows[i].values[stored.keys.indexOf(key)]);
    });
    // The fixed columns repeat their PIDs (Longitude = GPS Longitude ff1005, …); gravity is never uploaded.
    const fixed = ["ff1005", "ff1006", "ff1001", "ff1239", "ff1010", "ff123b"].map((k) => (stored.keys.includes(k) ? stored.rows[i].values[stored.keys.indexOf(k)] : null));
    expect(cells.slice(2, 8).map(parseCellValue)).toEqual(fixed);
    expect(cells.slice(8, 11)).toEqual(["-", "-", "-"]);
  });
}
