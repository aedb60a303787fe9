import { clockNow } from '../../platform/clock.js';
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { CATALOG_TIER_NAMES, CATALOG_TIERS, type ZCatalogCategoryInput, type ZCatalogCategoryPatch } from '../../../contracts/funds.js';
import { requirePermission } from '../../platform/access/policy.js';
import { appendAudit, diff } from '../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { pgErrorOf } from '../../platform/db/sql.js';
import { cachedRef, invalidateRef } from '../../platform/db/ref-cache.js';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import { catalogCategories, serviceDomains } from './catalog.tables.js';

type CategoryRow = typeof catalogCategories.$inferSelect;

const CATEGORY_NAMES = 'catalog-category-names';

/** Category names and tiers by id, kept in memory (every project row names its category); writes invalidate. */
export function categoryNames(db: DbOrTx): Promise<ReadonlyMap<string, { name: string; tier: CategoryRow['tier'] }>> {
  return cachedRef(db, CATEGORY_NAMES, async (d) => new Map((await d.select({ id: catalogCategories.id, name: catalogCategories.name, tier: catalogCategories.tier }).from(catalogCategories)).map((c) => [c.id, { name: c.name, tier: c.tier }])));
}
export const invalidateCategoryNames = (tx: DbOrTx) => invalidateRef(tx, CATEGORY_NAMES);

function presentCategory(c: CategoryRow, lang: 'zh' | 'en') {
  return { id: c.id, code: c.code, tier: c.tier, tierName: CATALOG_TIER_NAMES[c.tier][lang], name: c.name, description: c.description, sortOrder: c.sortOrder, retired: c.retiredAt !== null, version: c.version };
}

/** The 123X catalog and the service domains: reference data every signed-in user may read. */
export async function getCatalog(db: DbOrTx, ctx: RequestContext) {
  const categories = await db.select().from(catalogCategories).orderBy(asc(catalogCategories.sortOrder), asc(catalogCategories.code));
  const tierOrder = (t: CategoryRow['tier']) => CATALOG_TIERS.indexOf(t);
  categories.sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier) || a.sortOrder - b.sortOrder);
  const domains = await db.select().from(serviceDomains).orderBy(asc(serviceDomains.sortOrder), asc(serviceDomains.code));
  return {
    categories: categories.map((c) => presentCategory(c, ctx.lang)),
    domains: domains.map((d) => ({ code: d.code, name: d.name, sortOrder: d.sortOrder, retired: d.retiredAt !== null })),
  };
}

export async function createCategory(db: Db, ctx: RequestContext, input: z.infer<typeof ZCatalogCategoryInput>) {
  requirePermission(ctx.actor, 'catalog.manage');
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(catalogCategories).values(input).returning();
      await invalidateCategoryNames(tx);
      await appendAudit(tx, ctx, { action: 'catalog.create', permission: 'catalog.manage', entityType: 'catalogCategory', entityId: row.id, detail: input });
      return presentCategory(row, ctx.lang);
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'catalog_categories_code_uq') throw new AppError('duplicate', { field: '类别编码', value: input.code });
    throw err;
  }
}

export async function updateCategory(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZCatalogCategoryPatch>) {
  requirePermission(ctx.actor, 'catalog.manage');
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(catalogCategories).where(eq(catalogCategories.id, id)).for('update');
    if (!before) throw notFound('catalogCategory');
    if (before.version !== input.version) throw conflict(before.version);
    const retiredAt = input.retired === undefined ? before.retiredAt : input.retired ? (before.retiredAt ?? clockNow()) : null;
    const [after] = await tx
      .update(catalogCategories)
      .set({ name: input.name ?? before.name, description: input.description ?? before.description, sortOrder: input.sortOrder ?? before.sortOrder, retiredAt, version: before.version + 1 })
      .where(eq(catalogCategories.id, id))
      .returning();
    await invalidateCategoryNames(tx);
    await appendAudit(tx, ctx, { action: 'catalog.update', permission: 'catalog.manage', entityType: 'catalogCategory', entityId: id, changes: diff(before, after, ['name', 'description', 'sortOrder', 'retiredAt']) });
    return presentCategory(after, ctx.lang);
  });
}
