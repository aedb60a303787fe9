import type { z } from 'zod';
import type { ZCatalogCategoryInput } from '../../../../contracts/funds.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireCatalogManage } from '../catalog.policy.js';
import { presentCategory } from '../catalog.presenter.js';
import { invalidateCategoryNames } from '../catalog.queries.js';
import { catalogCategories } from '../catalog.tables.js';

export async function createCategory(db: Db, ctx: RequestContext, input: z.infer<typeof ZCatalogCategoryInput>) {
  const actor = requireCatalogManage(ctx.actor);
  try {
    return await db.transaction(async (tx) => {
      const city = await cityForWrite(tx, actor, 'catalog.manage', input.cityId);
      const { cityId: _named, ...fields } = input;
      const [row] = await tx
        .insert(catalogCategories)
        .values({ ...fields, cityId: city.id })
        .returning();
      await invalidateCategoryNames(tx);
      await appendAudit(tx, ctx, { action: 'catalog.create', permission: 'catalog.manage', entityType: 'catalogCategory', entityId: row.id, detail: input });
      return presentCategory(row, ctx.lang);
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'catalog_categories_city_code_uq') throw new AppError('duplicate', { field: '类别编码', value: input.code });
    throw err;
  }
}
