import type { z } from 'zod';
import type { ZCatalog } from '../../../../contracts/funds.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { presentCategory, presentDomain } from '../catalog.presenter.js';
import { selectCategories, selectDomains } from '../catalog.queries.js';

/** The 123X catalog and the service domains: reference data every signed-in user may read. */
export async function getCatalog(db: DbOrTx, ctx: RequestContext): Promise<z.infer<typeof ZCatalog>> {
  const categories = await selectCategories(db);
  const domains = await selectDomains(db);
  return {
    categories: categories.map((c) => presentCategory(c, ctx.lang)),
    domains: domains.map(presentDomain),
  };
}
