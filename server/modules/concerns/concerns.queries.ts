import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ConcernState, RoutingTarget } from '../../../contracts/concerns.js';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/db/sql.js';
import { files } from '../../platform/files/files.tables.js';
import { timestampKey } from '../../platform/http/paging.js';
import { cases, caseSteps } from '../../platform/cases/cases.tables.js';
import { departments, regions } from '../../platform/access/scope.tables.js';
import { concernCategories, concernPhotos, concernRoutingRules, concerns, open311ApiKeys } from './concerns.tables.js';
import type { RoutingRuleFacts } from './routing.js';

/** Who a concern is with now, and its city (the case type's awaits and the transfer read it). */
export async function selectConcernRouting(tx: DbOrTx, caseId: string): Promise<{ cityId: string; responsibleKind: RoutingTarget; responsibleDepartmentId: string | null }> {
  const [r] = await tx
    .select({ cityId: concerns.cityId, responsibleKind: concerns.responsibleKind, responsibleDepartmentId: concerns.responsibleDepartmentId })
    .from(concerns)
    .where(eq(concerns.caseId, caseId));
  if (!r) throw new Error(`concern ${caseId} has a case but no details`);
  return r;
}

export async function selectCityDepartment(tx: DbOrTx, cityId: string, departmentId: string): Promise<{ id: string; name: string } | undefined> {
  const [d] = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.id, departmentId), eq(departments.cityId, cityId), isNull(departments.retiredAt)));
  return d;
}

export async function selectMergeTarget(tx: DbOrTx, cityId: string, number: string): Promise<{ caseId: string; number: string; state: ConcernState } | undefined> {
  const [t] = await tx.select({ caseId: concerns.caseId, number: concerns.number, state: concerns.state }).from(concerns).where(and(eq(concerns.cityId, cityId), eq(concerns.number, number)));
  return t;
}

export type CategoryRow = typeof concernCategories.$inferSelect;

export async function selectCategories(db: DbOrTx, cityId: string): Promise<CategoryRow[]> {
  return db.select().from(concernCategories).where(eq(concernCategories.cityId, cityId)).orderBy(concernCategories.sortOrder, concernCategories.code);
}

export async function selectCategory(db: DbOrTx, cityId: string, code: string): Promise<CategoryRow | undefined> {
  const [c] = await db.select().from(concernCategories).where(and(eq(concernCategories.cityId, cityId), eq(concernCategories.code, code)));
  return c;
}

/** The city's routing rules, with each rule's region path (rules name a region by id). */
export async function selectRoutingRules(db: DbOrTx, cityId: string): Promise<(RoutingRuleFacts & { regionId: string | null })[]> {
  const found = await db
    .select({ id: concernRoutingRules.id, categoryCode: concernRoutingRules.categoryCode, regionId: concernRoutingRules.regionId, regionPath: regions.path, target: concernRoutingRules.target, departmentId: concernRoutingRules.departmentId })
    .from(concernRoutingRules)
    .leftJoin(regions, eq(regions.id, concernRoutingRules.regionId))
    .where(eq(concernRoutingRules.cityId, cityId))
    .orderBy(concernRoutingRules.createdAt, concernRoutingRules.id);
  return found.map((r) => ({ ...r, regionPath: r.regionPath ?? null }));
}

/** A place a concern may be raised at: a town, community, village or grid (with its town and city). */
export async function selectPlace(db: DbOrTx, regionId: string): Promise<{ id: string; name: string; path: string; level: string; retired: boolean } | undefined> {
  const [r] = await db
    .select({ id: regions.id, name: regions.name, path: regions.path, level: regions.level, retired: sql<boolean>`${regions.retiredAt} is not null` })
    .from(regions)
    .where(eq(regions.id, regionId));
  return r;
}

/** The region of `level` on a path (the town a community lies in). */
export async function selectAncestorAt(db: DbOrTx, path: string, level: string): Promise<{ id: string; name: string; path: string } | undefined> {
  const [r] = await db
    .select({ id: regions.id, name: regions.name, path: regions.path })
    .from(regions)
    .where(and(eq(regions.level, level as never), sql`${path} like ${regions.path} || '%'`))
    .limit(1);
  return r;
}

/** The place named by its division code, inside a city (Open311's attribute[region]). */
export async function selectPlaceByCode(db: DbOrTx, cityPath: string, code: string): Promise<{ id: string } | undefined> {
  const [r] = await db
    .select({ id: regions.id })
    .from(regions)
    .where(and(eq(regions.code, code), inSubtree(regions.path, cityPath), isNull(regions.retiredAt), inArray(regions.level, ['community', 'grid', 'town'])));
  return r;
}

/** The communities and villages of a city, by code (Open311's service definition lists them). */
export async function selectCommunities(db: DbOrTx, cityPath: string): Promise<{ id: string; code: string; name: string; path: string }[]> {
  return db
    .select({ id: regions.id, code: regions.code, name: regions.name, path: regions.path })
    .from(regions)
    .where(and(eq(regions.level, 'community'), isNull(regions.retiredAt), inSubtree(regions.path, cityPath)))
    .orderBy(regions.code);
}

/** The places under a town or community (or a city's towns) a resident chooses from, by code. */
export async function selectChildPlaces(db: DbOrTx, parentPath: string): Promise<{ id: string; name: string; level: string }[]> {
  const parent = alias(regions, 'parent');
  return db
    .select({ id: regions.id, name: regions.name, level: regions.level })
    .from(regions)
    .innerJoin(parent, eq(parent.id, regions.parentId))
    .where(and(eq(parent.path, parentPath), isNull(regions.retiredAt), inArray(regions.level, ['town', 'community', 'grid'])))
    .orderBy(regions.code);
}

/** The list's and the detail's columns: the concern with its case's number, deadline and version. */
export const listColumns = {
  caseId: concerns.caseId,
  cityId: concerns.cityId,
  number: concerns.number,
  trackingNumber: concerns.trackingNumber,
  categoryCode: concerns.categoryCode,
  state: concerns.state,
  channel: concerns.channel,
  townId: concerns.townId,
  placeRegionId: concerns.placeRegionId,
  regionPath: concerns.regionPath,
  publicDescription: concerns.publicDescription,
  description: concerns.description,
  responsibleKind: concerns.responsibleKind,
  responsibleDepartmentId: concerns.responsibleDepartmentId,
  overdueSince: concerns.overdueSince,
  escalatedAt: concerns.escalatedAt,
  submittedAt: concerns.submittedAt,
  submittedKey: timestampKey(concerns.submittedAt),
  updatedAt: concerns.updatedAt,
  dueOn: cases.dueOn,
};
export type ConcernListRow = Awaited<ReturnType<typeof selectConcernPage>>[number];

/**
 * One page of the list, newest first (submitted_at, case_id), `limit + 1` rows. The page's keys first, then its
 * rows (a deferred join): asked for every column at once, the planner walked the city's newest concerns in
 * (city, submitted_at) order testing each one's state — `state = closed` skipped the month of open ones, 14 ms warm
 * and 180 ms cold over a million —, where the keys alone are read from the filter's own index without the table
 * (0.3–0.6 ms for every filter of the list; docs/PERFORMANCE.md).
 */
export async function selectConcernPage(db: Db, where: SQL[], limit: number) {
  const page = db
    .select({ caseId: concerns.caseId })
    .from(concerns)
    .where(and(...where))
    .orderBy(sql`${concerns.submittedAt} desc`, sql`${concerns.caseId} desc`)
    .limit(limit + 1)
    .as('page');
  return db
    .select(listColumns)
    .from(page)
    .innerJoin(concerns, eq(concerns.caseId, page.caseId))
    .innerJoin(cases, eq(cases.id, concerns.caseId))
    .orderBy(sql`${concerns.submittedAt} desc`, sql`${concerns.caseId} desc`);
}

/** A concern with everything its file shows. */
export async function selectConcern(db: DbOrTx, caseId: string) {
  const [r] = await db
    .select({
      ...listColumns,
      address: concerns.address,
      lat: concerns.lat,
      lng: concerns.lng,
      reporterNameSealed: concerns.reporterNameSealed,
      reporterPhoneMasked: concerns.reporterPhoneMasked,
      reply: concerns.reply,
      publicReply: concerns.publicReply,
      rating: concerns.rating,
      ratingComment: concerns.ratingComment,
      mergedIntoCaseId: concerns.mergedIntoCaseId,
      open311Token: concerns.open311Token,
      version: cases.version,
    })
    .from(concerns)
    .innerJoin(cases, eq(cases.id, concerns.caseId))
    .where(eq(concerns.caseId, caseId));
  return r;
}
export type ConcernRow = NonNullable<Awaited<ReturnType<typeof selectConcern>>>;

export async function selectConcernByTracking(db: DbOrTx, trackingNumber: string) {
  const [r] = await db.select({ caseId: concerns.caseId }).from(concerns).where(eq(concerns.trackingNumber, trackingNumber));
  return r;
}

export async function selectConcernByNumber(db: DbOrTx, number: string) {
  const [r] = await db.select({ caseId: concerns.caseId }).from(concerns).where(eq(concerns.number, number));
  return r;
}

export async function selectNumbers(db: DbOrTx, caseIds: string[]): Promise<Map<string, string>> {
  if (!caseIds.length) return new Map();
  const found = await db.select({ caseId: concerns.caseId, number: concerns.number }).from(concerns).where(inArray(concerns.caseId, caseIds));
  return new Map(found.map((r) => [r.caseId, r.number]));
}

/** The steps a concern went through (its public history: states and times, never who). */
export async function selectSteps(db: DbOrTx, caseId: string): Promise<{ toState: string; occurredAt: Date }[]> {
  return db.select({ toState: caseSteps.toState, occurredAt: caseSteps.occurredAt }).from(caseSteps).where(eq(caseSteps.caseId, caseId)).orderBy(caseSteps.seq);
}

export async function selectPhotos(db: DbOrTx, caseId: string): Promise<{ fileId: string; fileName: string }[]> {
  return db
    .select({ fileId: concernPhotos.fileId, fileName: files.originalName })
    .from(concernPhotos)
    .innerJoin(files, eq(files.id, concernPhotos.fileId))
    .where(eq(concernPhotos.caseId, caseId))
    .orderBy(concernPhotos.createdAt, concernPhotos.fileId);
}

export async function insertPhoto(tx: Tx, caseId: string, fileId: string, uploadedBy: string | null): Promise<void> {
  await tx.insert(concernPhotos).values({ caseId, fileId, uploadedBy });
}

export async function countPhotos(tx: DbOrTx, caseId: string): Promise<number> {
  const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(concernPhotos).where(eq(concernPhotos.caseId, caseId));
  return Number(r.n);
}

/** An active Open311 key by its hash, with its city. */
export async function selectApiKey(db: DbOrTx, keyHash: string): Promise<{ id: string; cityId: string } | undefined> {
  const [k] = await db.select({ id: open311ApiKeys.id, cityId: open311ApiKeys.cityId }).from(open311ApiKeys).where(and(eq(open311ApiKeys.keyHash, keyHash), isNull(open311ApiKeys.revokedAt)));
  return k;
}
