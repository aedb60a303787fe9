import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import { CATALOG_TIERS } from '../../../contracts/funds.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { cachedRef, invalidateRef } from '../../platform/db/ref-cache.js';
import { catalogCategories, serviceDomains } from './catalog.tables.js';

export type CategoryRow = typeof catalogCategories.$inferSelect;
export type DomainRow = typeof serviceDomains.$inferSelect;

const CATEGORY_NAMES = 'catalog-category-names';

/** Category names and tiers by id, kept in memory (every project row names its category); writes invalidate. */
export function categoryNames(db: DbOrTx): Promise<ReadonlyMap<string, { name: string; tier: CategoryRow['tier'] }>> {
  return cachedRef(db, CATEGORY_NAMES, async (d) => new Map((await d.select({ id: catalogCategories.id, name: catalogCategories.name, tier: catalogCategories.tier }).from(catalogCategories)).map((c) => [c.id, { name: c.name, tier: c.tier }])));
}

export const invalidateCategoryNames = (tx: DbOrTx) => invalidateRef(tx, CATEGORY_NAMES);

/** Every category under `where`, retired ones included, by tier (core, brand, basic, featured), then sort order and code. */
export async function selectCategories(db: DbOrTx, where: SQL): Promise<CategoryRow[]> {
  const categories = await db.select().from(catalogCategories).where(where).orderBy(asc(catalogCategories.sortOrder), asc(catalogCategories.code));
  const tierOrder = (t: CategoryRow['tier']) => CATALOG_TIERS.indexOf(t);
  return categories.sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier) || a.sortOrder - b.sortOrder);
}

/** Every service domain under `where` (a city or the caller's cities), retired ones included, by city, sort order and code. */
export function selectDomains(db: DbOrTx, where: SQL): Promise<DomainRow[]> {
  return db.select().from(serviceDomains).where(where).orderBy(asc(serviceDomains.cityId), asc(serviceDomains.sortOrder), asc(serviceDomains.code));
}

/** One city's service domain, locked for the change the caller is about to make. */
export async function lockDomain(tx: Tx, cityId: string, code: string): Promise<DomainRow | undefined> {
  const [row] = await tx.select().from(serviceDomains).where(and(eq(serviceDomains.cityId, cityId), eq(serviceDomains.code, code))).for('update');
  return row;
}

/** One category, locked for the change the caller is about to make. */
export async function lockCategory(tx: Tx, id: string): Promise<CategoryRow | undefined> {
  const [row] = await tx.select().from(catalogCategories).where(eq(catalogCategories.id, id)).for('update');
  return row;
}

/** The city of a current category, or undefined for an unknown or retired one (a proposal names one of its city's). */
export async function currentCategoryCity(db: DbOrTx, id: string): Promise<string | undefined> {
  const [row] = await db.select({ cityId: catalogCategories.cityId }).from(catalogCategories).where(and(eq(catalogCategories.id, id), isNull(catalogCategories.retiredAt)));
  return row?.cityId;
}
