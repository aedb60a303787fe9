import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZCatalogCategoryPatch } from '../../../../contracts/funds.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireCatalogManage, requireCategoryCity } from '../catalog.policy.js';
import { presentCategory } from '../catalog.presenter.js';
import { invalidateCategoryNames, lockCategory } from '../catalog.queries.js';
import { catalogCategories } from '../catalog.tables.js';

export async function updateCategory(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZCatalogCategoryPatch>) {
  requireCatalogManage(ctx.actor);
  return db.transaction(async (tx) => {
    const before = await lockCategory(tx, id);
    if (!before) throw notFound('catalogCategory');
    requireCategoryCity(ctx.actor, before.cityId);
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
