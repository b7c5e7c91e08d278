import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { DEVICE_LABEL } from "@/lib/sessions/list-sql";

/**
 * Vehicle and device sorts. Sorted by a joined name, 10,000 sessions cost a scan and a sort of
 * them all; but a user has only a few devices and profiles. So the list reads the groups first
 * (one tiny query that also compares each label with the cursor's, in the database's collation),
 * then takes at most `take` sessions of each relevant group by id and sorts only those:
 * groups × take rows, whatever the number of sessions. Each group's id is a constant in its
 * branch, so the planner sees how many sessions that group has and picks its index (a generic
 * parameter made it walk the primary key through every session for a small group).
 * Sessions without a vehicle are the group with label "" (first ascending).
 */
export type GroupSortKey = "vehicle" | "device";
export const isGroupSort = (sort: string): sort is GroupSortKey => sort === "vehicle" || sort === "device";

/** More groups than this: the plain join-and-sort is used instead (lib/sessions/list-sql.ts). */
export const MAX_GROUPS = 100;

interface Group {
  gid: number;
  label: string;
  /** Compared with the cursor's label: 1 after it, 0 the same, -1 before it (0 without a cursor). */
  side: number;
}

const GROUPS: Record<GroupSortKey, (userId: number) => Prisma.Sql> = {
  device: (userId) => Prisma.sql`SELECT d.id AS gid, lower(${DEVICE_LABEL}) AS label FROM devices d WHERE d.user_id = ${userId}::int`,
  vehicle: (userId) =>
    Prisma.sql`SELECT 0 AS gid, '' AS label UNION ALL SELECT vp.id, lower(vp.name) FROM vehicle_profiles vp WHERE vp.user_id = ${userId}::int`,
};
const MEMBER: Record<GroupSortKey, Prisma.Sql> = { device: Prisma.sql`s.device_id`, vehicle: Prisma.sql`COALESCE(s.profile_id, 0)` };

/** The user's groups for this sort, or null when there are too many for one statement. */
export async function sortGroups(sort: GroupSortKey, userId: number, afterLabel: string | null): Promise<Group[] | null> {
  const side = afterLabel === null ? Prisma.sql`0` : Prisma.sql`CASE WHEN g.label > ${afterLabel}::text THEN 1 WHEN g.label = ${afterLabel}::text THEN 0 ELSE -1 END`;
  const groups = await db().$queryRaw<Group[]>`
    SELECT g.gid, g.label, ${side}::int AS side FROM (${GROUPS[sort](userId)}) g LIMIT ${MAX_GROUPS + 1}::int`;
  return groups.length > MAX_GROUPS ? null : groups;
}

/** One page sorted by vehicle or device; null when no group can have rows past the cursor. */
export function groupSortRows(opts: {
  sort: GroupSortKey;
  groups: Group[];
  where: Prisma.Sql;
  ascending: boolean;
  afterId: number | null;
  take: number;
  columns: Prisma.Sql;
}): Prisma.Sql | null {
  const { ascending, afterId, take } = opts;
  const dir = ascending ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const branches: Prisma.Sql[] = [];
  for (const g of opts.groups) {
    // Past the cursor: whole groups on its far side, the rest of its own group, none before it.
    if (afterId !== null && g.side === (ascending ? -1 : 1)) continue;
    const bound = afterId === null || g.side !== 0 ? Prisma.empty : ascending ? Prisma.sql`AND s.id > ${afterId}::int` : Prisma.sql`AND s.id < ${afterId}::int`;
    branches.push(Prisma.sql`(SELECT s.id, ${g.label}::text AS label FROM sessions s
      WHERE ${MEMBER[opts.sort]} = ${g.gid}::int AND ${opts.where} ${bound}
      ORDER BY s.id ${dir} LIMIT ${take}::int)`);
  }
  if (branches.length === 0) return null;
  // The page (ids and labels) is cut before the join, so only `take` rows are fetched by id.
  return Prisma.sql`
    SELECT ${opts.columns}, page.label AS sort_value
    FROM (
      SELECT u.id, u.label FROM (${Prisma.join(branches, " UNION ALL ")}) u
      ORDER BY u.label ${dir}, u.id ${dir} LIMIT ${take}::int
    ) page
    JOIN sessions s ON s.id = page.id
    LEFT JOIN devices d ON d.id = s.device_id
    LEFT JOIN vehicle_profiles vp ON vp.id = s.profile_id
    ORDER BY page.label ${dir}, s.id ${dir}`;
}
