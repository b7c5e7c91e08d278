import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import {
  decodeCursor,
  defaultOrder,
  encodeCursor,
  LIVE_WINDOW_MS,
  type CursorValue,
  type SessionFilter,
  type SessionFilterOptions,
  type SessionListItem,
  type SessionListPage,
  type SessionListQuery,
  type SortKey,
  type SortOrder,
} from "@/lib/sessions/list-model";
import { groupSortRows, isGroupSort, sortGroups } from "@/lib/sessions/list-group-sort";
import { DEVICE_LABEL, filterWhere, keysetCondition, orderBy, SESSION_FROM, SORT_SQL } from "@/lib/sessions/list-sql";

/**
 * THE session list: the home page, the open API (GET /api/v1/sessions) and bulk downloads all
 * read sessions through here. Reads only the stored per-session summary (never samples), pages
 * by keyset (no OFFSET: page 200 costs what page 1 costs) and counts the whole match.
 */
export {
  sessionListQuerySchema,
  sessionFilterSchema,
  parseSessionListQuery,
  parseSessionFilter,
  hasActiveFilter,
  LIVE_WINDOW_MS,
  type SessionFilter,
  type SessionFilterOptions,
  type SessionListItem,
  type SessionListPage,
  type SessionListQuery,
} from "@/lib/sessions/list-model";

interface ItemRow {
  id: number;
  torque_session: bigint;
  device_id: number;
  device: string;
  profile_name: string | null;
  started_at: Date;
  ended_at: Date | null;
  sample_count: number;
  distance_km: number | null;
  duration_s: number | null;
  max_speed_kmh: number | null;
  fuel_used_l: number | null;
  name: string | null;
  notes: string | null;
  tags: string[];
  has_gps: boolean;
  live: boolean;
}

const ITEM_COLUMNS = (liveSince: Date) => Prisma.sql`
  s.id, s.torque_session, s.device_id, ${DEVICE_LABEL} AS device, vp.name AS profile_name,
  s.started_at, s.ended_at, s.sample_count, s.distance_km, s.duration_s, s.max_speed_kmh, s.fuel_used_l,
  s.name, s.notes, s.tags, s.has_gps, (s.last_upload_at > ${liveSince}::timestamptz) AS live`;

function toItem(r: ItemRow): SessionListItem {
  return {
    id: r.id,
    torqueSession: r.torque_session.toString(),
    deviceId: r.device_id,
    device: r.device,
    profileName: r.profile_name,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at?.toISOString() ?? null,
    sampleCount: r.sample_count,
    distanceKm: r.distance_km,
    durationS: r.duration_s,
    maxSpeedKmh: r.max_speed_kmh,
    fuelUsedL: r.fuel_used_l,
    name: r.name,
    notes: r.notes,
    tags: r.tags,
    hasGps: r.has_gps,
    live: r.live,
  };
}

const liveSinceNow = () => new Date(Date.now() - LIVE_WINDOW_MS);

/**
 * The two statements behind one list page (rows, or null when nothing can follow the cursor, and
 * the total), exported so the benchmark can EXPLAIN exactly what the list runs. A bad cursor or
 * filter is a 400 AppError.
 */
export async function listStatements(userId: number, query: SessionListQuery) {
  const order: SortOrder = query.order ?? defaultOrder(query.sort);
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort, order) : null;
  const liveSince = liveSinceNow();
  const where = filterWhere(userId, query, liveSince);
  const backward = cursor?.dir === "prev";
  // A previous page is read in reverse order from the cursor, then turned back round.
  const ascending = (order === "asc") !== backward;
  const take = query.limit + 1;
  const sort = query.sort;
  const count = Prisma.sql`SELECT count(*)::int AS n ${SESSION_FROM} WHERE ${where}`;
  const groups = isGroupSort(sort) ? await sortGroups(sort, userId, cursor ? String(cursor.value ?? "") : null) : null;
  if (isGroupSort(sort) && groups) {
    const rows = groupSortRows({ sort, groups, where, ascending, afterId: cursor?.id ?? null, take, columns: ITEM_COLUMNS(liveSince) });
    return { order, cursor, backward, rows, count };
  }
  const after = cursor ? Prisma.sql`AND ${keysetCondition(sort, ascending, cursor.value, cursor.id)}` : Prisma.empty;
  const rows = Prisma.sql`
    SELECT ${ITEM_COLUMNS(liveSince)}, ${SORT_SQL[sort].expr} AS sort_value
    ${SESSION_FROM}
    WHERE ${where} ${after}
    ORDER BY ${orderBy(sort, ascending, cursor?.value)}
    LIMIT ${take}::int`;
  return { order, cursor, backward, rows, count };
}

type Row = ItemRow & { sort_value: Date | number | string | null };

/** One page of a user's sessions; a bad cursor or filter is a 400 AppError. */
export async function listSessions(userId: number, query: SessionListQuery): Promise<SessionListPage> {
  const { order, cursor, backward, rows: rowsSql, count } = await listStatements(userId, query);
  const [rows, [{ n: total }]] = await Promise.all([
    rowsSql ? db().$queryRaw<Row[]>(rowsSql) : Promise.resolve<Row[]>([]),
    db().$queryRaw<{ n: number }[]>(count),
  ]);

  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backward) page.reverse();
  const cursorAt = (row: Row, dir: "next" | "prev") => encodeCursor({ sort: query.sort, order, dir, value: cursorValue(row.sort_value), id: row.id });
  const first = page[0];
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    // Going back, the rows after this page exist (we came from there); going forward, the ones before.
    nextCursor: last && (backward || more) ? cursorAt(last, "next") : null,
    prevCursor: first && (backward ? more : cursor !== null) ? cursorAt(first, "prev") : null,
    total,
  };
}

function cursorValue(v: Date | number | string | null): CursorValue {
  return v instanceof Date ? v.getTime() : v;
}

/** How many of the user's sessions match the filter (what "select all N matching" selects). */
export async function countSessions(userId: number, filter: SessionFilter): Promise<number> {
  const [{ n }] = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n ${SESSION_FROM} WHERE ${filterWhere(userId, filter, liveSinceNow())}`;
  return n;
}

/**
 * The ids of every matching session, in batches, in id order, without loading rows: for bulk
 * actions and downloads on "all N matching". Pages by id, so sessions deleted or added meanwhile
 * never make it skip or repeat one.
 */
export async function* sessionIdsMatching(userId: number, filter: SessionFilter, batchSize = 1000): AsyncGenerator<number[]> {
  const liveSince = liveSinceNow();
  const where = filterWhere(userId, filter, liveSince);
  let after = 0;
  for (;;) {
    const rows = await db().$queryRaw<{ id: number }[]>`
      SELECT s.id ${SESSION_FROM} WHERE ${where} AND s.id > ${after}::int ORDER BY s.id LIMIT ${batchSize}::int`;
    if (rows.length === 0) return;
    yield rows.map((r) => r.id);
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].id;
  }
}

/** One session as a list item, or null when it is missing or someone else's. */
export async function getSessionItem(userId: number, id: number): Promise<SessionListItem | null> {
  const liveSince = liveSinceNow();
  const rows = await db().$queryRaw<ItemRow[]>`
    SELECT ${ITEM_COLUMNS(liveSince)} ${SESSION_FROM} WHERE s.user_id = ${userId}::int AND s.id = ${id}::int`;
  return rows[0] ? toItem(rows[0]) : null;
}

/** What the filter menus offer: the user's vehicles, devices, tags in use and known PIDs. */
export async function sessionFilterOptions(userId: number): Promise<SessionFilterOptions> {
  const [vehicles, devices, tags, pids] = await Promise.all([
    db().$queryRaw<{ id: number; name: string; device: string }[]>`
      SELECT vp.id, vp.name, ${DEVICE_LABEL} AS device FROM vehicle_profiles vp JOIN devices d ON d.id = vp.device_id
      WHERE vp.user_id = ${userId}::int ORDER BY lower(vp.name), vp.id`,
    db().$queryRaw<{ id: number; label: string }[]>`
      SELECT d.id, ${DEVICE_LABEL} AS label FROM devices d WHERE d.user_id = ${userId}::int ORDER BY lower(${DEVICE_LABEL}), d.id`,
    db().$queryRaw<{ tag: string }[]>`
      SELECT DISTINCT unnest(tags) AS tag FROM sessions WHERE user_id = ${userId}::int AND tags <> '{}' ORDER BY 1 LIMIT 500`,
    db().$queryRaw<{ key: string; name: string | null }[]>`
      SELECT DISTINCT ON (pm.key) pm.key, COALESCE(pm.full_name, pm.short_name) AS name
      FROM pid_meta pm JOIN devices d ON d.id = pm.device_id
      WHERE d.user_id = ${userId}::int ORDER BY pm.key, pm.updated_at DESC LIMIT 1000`,
  ]);
  return {
    vehicles,
    devices,
    tags: tags.map((t) => t.tag),
    pids: pids.map((p) => ({ key: p.key, name: p.name ?? p.key })),
  };
}

export type { SortKey };
