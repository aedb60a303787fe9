import type { z } from 'zod';
import type { ZCatalog, ZCatalogQuery } from '../../../../contracts/funds.js';
import { cityListWhere } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { catalogCategories, serviceDomains } from '../catalog.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { presentCategory, presentDomain } from '../catalog.presenter.js';
import { selectCategories, selectDomains } from '../catalog.queries.js';

/**
 * The 123X catalog and the service domains of the caller's city (or the city named; every city's for those who file
 * or are assigned, each category and domain with its city).
 */
export async function getCatalog(db: DbOrTx, ctx: RequestContext, query: z.infer<typeof ZCatalogQuery> = {}): Promise<z.infer<typeof ZCatalog>> {
  requirePermission(ctx.actor, 'catalog.read');
  const categories = await selectCategories(db, cityListWhere(ctx.actor, 'catalog.read', catalogCategories.cityId, query.cityId));
  const domains = await selectDomains(db, cityListWhere(ctx.actor, 'catalog.read', serviceDomains.cityId, query.cityId));
  return {
    categories: categories.map((c) => presentCategory(c, ctx.lang)),
    domains: domains.map(presentDomain),
  };
}
