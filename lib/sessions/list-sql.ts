import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { badRequest } from "@/lib/http/errors";
import { dateRange, type CursorValue, type SessionFilter, type SortKey } from "@/lib/sessions/list-model";

/**
 * SQL fragments of the session list: the FROM clause, the filter's WHERE clause, sort keys and
 * keyset conditions. Every value is a bound parameter; the only SQL text is the constants below,
 * chosen by key from a closed set, so no input ever becomes SQL.
 */

/**
 * Sessions with their device and vehicle profile; alias s, d, vp. Both are LEFT JOINs on unique
 * keys (a session always has its device), so PostgreSQL drops them where a query does not use
 * them, e.g. from most counts.
 */
export const SESSION_FROM = Prisma.sql`
  FROM sessions s
  LEFT JOIN devices d ON d.id = s.device_id
  LEFT JOIN vehicle_profiles vp ON vp.id = s.profile_id`;

/** What the list shows of a device: its nickname, else the start of its Torque id. */
export const DEVICE_LABEL = Prisma.sql`COALESCE(d.nickname, left(d.torque_id, 8))`;

interface SortSql {
  expr: Prisma.Sql;
  /** The cast of a cursor value, so comparisons use the column's type (and its index). */
  cast: Prisma.Sql;
  nullable: boolean;
}

// Text sorts compare lower-cased text: "alfa" and "Bravo" sort as a person expects.
// Vehicle and device are normally sorted group by group (list-group-sort.ts); these expressions
// serve users with very many of them. No vehicle sorts as an empty name.
export const SORT_SQL: Record<SortKey, SortSql> = {
  start: { expr: Prisma.sql`s.started_at`, cast: Prisma.sql`timestamptz`, nullable: false },
  duration: { expr: Prisma.sql`s.duration_s`, cast: Prisma.sql`float8`, nullable: true },
  distance: { expr: Prisma.sql`s.distance_km`, cast: Prisma.sql`float8`, nullable: true },
  samples: { expr: Prisma.sql`s.sample_count`, cast: Prisma.sql`int`, nullable: false },
  maxSpeed: { expr: Prisma.sql`s.max_speed_kmh`, cast: Prisma.sql`float8`, nullable: true },
  fuel: { expr: Prisma.sql`s.fuel_used_l`, cast: Prisma.sql`float8`, nullable: true },
  name: { expr: Prisma.sql`lower(s.name)`, cast: Prisma.sql`text`, nullable: true },
  vehicle: { expr: Prisma.sql`COALESCE(lower(vp.name), '')`, cast: Prisma.sql`text`, nullable: false },
  device: { expr: Prisma.sql`lower(${DEVICE_LABEL})`, cast: Prisma.sql`text`, nullable: false },
};

/**
 * ORDER BY for one direction. NULL (unknown distance, no name…) counts as the smallest value:
 * first ascending, last descending, so one (user_id, column NULLS FIRST, id) index serves both
 * directions; id breaks ties so the order is total and pages never overlap.
 */
export function orderBy(sort: SortKey, ascending: boolean, after?: CursorValue): Prisma.Sql {
  const { expr, nullable } = SORT_SQL[sort];
  // Without NULLs the default placement is used, which the (user_id, started_at DESC, id DESC) index matches.
  if (!nullable) return ascending ? Prisma.sql`${expr} ASC, s.id ASC` : Prisma.sql`${expr} DESC, s.id DESC`;
  // Past a NULL going down only NULLs remain: their order is the id's, which the index gives without a sort.
  if (!ascending && after === null) return Prisma.sql`s.id DESC`;
  return ascending ? Prisma.sql`${expr} ASC NULLS FIRST, s.id ASC` : Prisma.sql`${expr} DESC NULLS LAST, s.id DESC`;
}

/** Rows strictly after (ascending) or before (descending) the row (value, id) in that order. */
export function keysetCondition(sort: SortKey, ascending: boolean, value: CursorValue, id: number): Prisma.Sql {
  const { expr, cast, nullable } = SORT_SQL[sort];
  const v = sort === "start" && typeof value === "number" ? new Date(value) : value;
  if (v === null) {
    // NULLs come first ascending: after a NULL come the remaining NULLs, then every value.
    return ascending
      ? Prisma.sql`((${expr} IS NULL AND s.id > ${id}::int) OR ${expr} IS NOT NULL)`
      : Prisma.sql`(${expr} IS NULL AND s.id < ${id}::int)`;
  }
  // A row comparison is what a (user_id, column, id) index can seek to.
  if (ascending) return Prisma.sql`(${expr}, s.id) > (${v}::${cast}, ${id}::int)`;
  const before = Prisma.sql`(${expr}, s.id) < (${v}::${cast}, ${id}::int)`;
  return nullable ? Prisma.sql`(${before} OR ${expr} IS NULL)` : before;
}

/** LIKE pattern matching the text anywhere, with the user's % and _ taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The WHERE clause of a filter for one user. `liveSince`: uploads after it make a session live.
 * Free text: every word must occur in the name, notes, vehicle, device nickname or Torque id.
 */
export function filterWhere(userId: number, filter: SessionFilter, liveSince: Date): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`s.user_id = ${userId}::int`];
  for (const word of (filter.q ?? "").split(/\s+/).filter(Boolean).slice(0, 10)) {
    const p = containsPattern(word);
    // Devices and profiles are few: match them once (ARRAY(…) runs one time per query), so each
    // session row costs two ILIKEs on mostly-empty columns and two integer lookups.
    parts.push(Prisma.sql`(s.name ILIKE ${p} OR s.notes ILIKE ${p}
      OR s.profile_id = ANY (ARRAY(SELECT qp.id FROM vehicle_profiles qp WHERE qp.user_id = ${userId}::int AND qp.name ILIKE ${p}))
      OR s.device_id = ANY (ARRAY(SELECT qd.id FROM devices qd WHERE qd.user_id = ${userId}::int AND (qd.nickname ILIKE ${p} OR qd.torque_id ILIKE ${p}))))`);
  }
  const { fromMs, toMs } = dateRange(filter.from, filter.to, filter.timeZone ?? "UTC");
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) throw badRequest("to is before from.", "to");
  if (fromMs !== undefined) parts.push(Prisma.sql`s.started_at >= ${new Date(fromMs)}::timestamptz`);
  if (toMs !== undefined) parts.push(Prisma.sql`s.started_at < ${new Date(toMs)}::timestamptz`);
  if (filter.vehicle) {
    // A profile id (from the vehicle menu) or a profile name (typed into the API), case-insensitive.
    const id = /^\d{1,9}$/.test(filter.vehicle) ? Number(filter.vehicle) : -1;
    parts.push(Prisma.sql`s.profile_id = ANY (ARRAY(SELECT qp.id FROM vehicle_profiles qp
      WHERE qp.user_id = ${userId}::int AND (qp.id = ${id}::int OR lower(qp.name) = lower(${filter.vehicle}))))`);
  }
  if (filter.device !== undefined) parts.push(Prisma.sql`s.device_id = ${filter.device}::int`);
  if (filter.minSamples !== undefined) parts.push(Prisma.sql`s.sample_count >= ${filter.minSamples}::int`);
  if (filter.minDurationS !== undefined) parts.push(Prisma.sql`s.duration_s >= ${filter.minDurationS}::float8`);
  if (filter.minDistanceKm !== undefined) parts.push(Prisma.sql`s.distance_km >= ${filter.minDistanceKm}::float8`);
  if (filter.hasGps !== undefined) parts.push(Prisma.sql`s.has_gps = ${filter.hasGps}::boolean`);
  if (filter.hasPid) parts.push(Prisma.sql`s.pid_keys @> ARRAY[${filter.hasPid}::text]`);
  if (filter.tag) parts.push(Prisma.sql`s.tags @> ARRAY[${filter.tag}::text]`);
  if (filter.live !== undefined) {
    parts.push(filter.live ? Prisma.sql`s.last_upload_at > ${liveSince}::timestamptz` : Prisma.sql`s.last_upload_at <= ${liveSince}::timestamptz`);
  }
  return Prisma.join(parts, " AND ");
}
