import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ResourceKind } from '../../../contracts/workforce.js';
import { regions } from '../../platform/access/scope.tables.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/db/sql.js';
import { communityProfiles, rotationAssignments, rotationPairings, rotationPlans, rotationPlanTowns, rotationRules } from './rotation.tables.js';

export function selectRuleRows(db: DbOrTx, cityId: string) {
  return db.select().from(rotationRules).where(eq(rotationRules.cityId, cityId));
}

/** A city's towns in code order (retired ones left out). */
export function selectCityTowns(db: DbOrTx, cityPath: string) {
  return db
    .select({ id: regions.id, name: regions.name, path: regions.path })
    .from(regions)
    .where(and(eq(regions.level, 'town'), isNull(regions.retiredAt), inSubtree(regions.path, cityPath)))
    .orderBy(asc(regions.code));
}

const town = alias(regions, 'town');

/** A city's communities (villages too) with their town and profile, in code order. */
export function selectCityCommunities(db: DbOrTx, cityPath: string) {
  return db
    .select({
      id: regions.id,
      name: regions.name,
      path: regions.path,
      townId: town.id,
      townName: town.name,
      profile: communityProfiles,
    })
    .from(regions)
    .innerJoin(town, eq(town.id, regions.parentId))
    .leftJoin(communityProfiles, eq(communityProfiles.communityId, regions.id))
    .where(and(eq(regions.level, 'community'), isNull(regions.retiredAt), eq(town.level, 'town'), inSubtree(regions.path, cityPath)))
    .orderBy(asc(regions.code));
}

export async function selectCommunity(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: regions.id, name: regions.name, path: regions.path, townId: town.id, townName: town.name, profile: communityProfiles })
    .from(regions)
    .innerJoin(town, eq(town.id, regions.parentId))
    .leftJoin(communityProfiles, eq(communityProfiles.communityId, regions.id))
    .where(and(eq(regions.id, id), eq(regions.level, 'community')));
  return row;
}

export async function lockCommunityProfile(tx: Tx, communityId: string) {
  const [row] = await tx.select().from(communityProfiles).where(eq(communityProfiles.communityId, communityId)).for('update');
  return row;
}

export function selectPairings(db: DbOrTx, cityId: string, year: number) {
  return db.select().from(rotationPairings).where(and(eq(rotationPairings.cityId, cityId), eq(rotationPairings.year, year)));
}

export async function lockPairing(tx: Tx, year: number, kind: ResourceKind, id: string) {
  const [row] = await tx
    .select()
    .from(rotationPairings)
    .where(and(eq(rotationPairings.year, year), eq(rotationPairings.resourceKind, kind), eq(rotationPairings.resourceId, id)))
    .for('update');
  return row;
}

export async function selectPlan(db: DbOrTx, cityId: string, year: number, season: number) {
  const [row] = await db
    .select()
    .from(rotationPlans)
    .where(and(eq(rotationPlans.cityId, cityId), eq(rotationPlans.year, year), eq(rotationPlans.season, season)));
  return row;
}

export async function selectPlanById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(rotationPlans).where(eq(rotationPlans.id, id));
  return row;
}

export async function lockPlan(tx: Tx, id: string) {
  const [row] = await tx.select().from(rotationPlans).where(eq(rotationPlans.id, id)).for('update');
  return row;
}

export type PlanRow = NonNullable<Awaited<ReturnType<typeof selectPlanById>>>;

export function selectPlansOfYear(db: DbOrTx, cityId: string, year: number) {
  return db.select().from(rotationPlans).where(and(eq(rotationPlans.cityId, cityId), eq(rotationPlans.year, year))).orderBy(asc(rotationPlans.season));
}

export function selectAssignments(db: DbOrTx, planIds: readonly string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return db.select().from(rotationAssignments).where(inArray(rotationAssignments.planId, [...planIds]));
}

export function selectPlanTowns(db: DbOrTx, planId: string) {
  return db.select().from(rotationPlanTowns).where(eq(rotationPlanTowns.planId, planId));
}

/**
 * What the rotation rule and the balance look back at before `season` of `year`: the plans of the year's earlier
 * seasons and the season just before (the last of the year before, for Q1).
 */
export function selectEarlierPlans(db: DbOrTx, cityId: string, year: number, season: number) {
  return db
    .select({ id: rotationPlans.id, year: rotationPlans.year, season: rotationPlans.season })
    .from(rotationPlans)
    .where(and(eq(rotationPlans.cityId, cityId), or(and(eq(rotationPlans.year, year), lt(rotationPlans.season, season)), and(eq(rotationPlans.year, year - 1), eq(rotationPlans.season, 4)))));
}

/** A resource's assignments in a year, every season, with the community's and town's names. */
export function selectResourceAssignments(db: DbOrTx, kind: ResourceKind, id: string, year: number) {
  const community = alias(regions, 'community');
  return db
    .select({
      id: rotationAssignments.id,
      season: rotationAssignments.season,
      role: rotationAssignments.role,
      communityId: rotationAssignments.communityId,
      communityName: community.name,
      townId: rotationAssignments.townId,
      townName: town.name,
      regionPath: rotationAssignments.regionPath,
      state: rotationPlans.state,
    })
    .from(rotationAssignments)
    .innerJoin(rotationPlans, eq(rotationPlans.id, rotationAssignments.planId))
    .innerJoin(community, eq(community.id, rotationAssignments.communityId))
    .innerJoin(town, eq(town.id, rotationAssignments.townId))
    .where(and(eq(rotationAssignments.resourceKind, kind), eq(rotationAssignments.resourceId, id), eq(rotationAssignments.year, year)))
    .orderBy(asc(rotationAssignments.season), asc(community.code));
}

