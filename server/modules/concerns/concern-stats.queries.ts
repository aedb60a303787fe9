import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { ConcernState } from '../../../contracts/concerns.js';
import { regions } from '../../platform/access/scope.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/db/sql.js';
import { concerns } from './concerns.tables.js';

/*
 * The statistics' reads: each groups the concerns in the caller's reach (the WHERE the use case builds) so that a city
 * of a million concerns answers a few hundred or thousand rows — by state × category × town, by place, and the closed
 * ones by the days they were submitted and closed (China time), whose working days the use case counts.
 */

/** Counts by state, category and town, with how many carry the overdue mark. */
export async function selectStateCategoryTownCounts(db: DbOrTx, where: SQL[]) {
  return db
    .select({
      state: concerns.state,
      categoryCode: concerns.categoryCode,
      townId: concerns.townId,
      count: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${concerns.overdueSince} is not null))::int`,
    })
    .from(concerns)
    .where(and(...where))
    .groupBy(concerns.state, concerns.categoryCode, concerns.townId) as Promise<{ state: ConcernState; categoryCode: string; townId: string; count: number; overdue: number }[]>;
}

/** Counts by the place's path (a community, village, grid or town). */
export async function selectPlaceCounts(db: DbOrTx, where: SQL[]) {
  return db
    .select({ regionPath: concerns.regionPath, count: sql<number>`count(*)::int`, overdue: sql<number>`(count(*) filter (where ${concerns.overdueSince} is not null))::int` })
    .from(concerns)
    .where(and(...where))
    .groupBy(concerns.regionPath);
}

/** The closed concerns by category and by the days (China time) they were submitted and closed. */
export async function selectClosedSpans(db: DbOrTx, where: SQL[]) {
  const submitted = sql<string>`((${concerns.submittedAt} at time zone 'Asia/Shanghai')::date)::text`;
  const closed = sql<string>`((${cases.closedAt} at time zone 'Asia/Shanghai')::date)::text`;
  return db
    .select({ categoryCode: concerns.categoryCode, submittedOn: submitted, closedOn: closed, count: sql<number>`count(*)::int` })
    .from(concerns)
    .innerJoin(cases, eq(cases.id, concerns.caseId))
    .where(and(...where, eq(concerns.state, 'closed'), sql`${cases.closedAt} is not null`))
    .groupBy(concerns.categoryCode, submitted, closed);
}

/** The towns and communities (villages) under a path, active, with their parent (a community's town). */
export async function selectPlacesUnder(db: DbOrTx, path: string): Promise<{ id: string; name: string; code: string; level: 'town' | 'community'; parentId: string | null; path: string }[]> {
  const found = await db
    .select({ id: regions.id, name: regions.name, code: regions.code, level: regions.level, parentId: regions.parentId, path: regions.path })
    .from(regions)
    .where(and(inSubtree(regions.path, path), isNull(regions.retiredAt), sql`${regions.level} in ('town', 'community')`))
    .orderBy(regions.code);
  return found as { id: string; name: string; code: string; level: 'town' | 'community'; parentId: string | null; path: string }[];
}
