import { pgView } from 'drizzle-orm/pg-core';
import { catalogCategories, serviceDomains } from './catalog.tables.js';

// What other modules may read of the catalog (issue 14 §1: through the owner's read functions or views, never its
// tables): projections the planner inlines. Exported from index.ts; modules/manifests.test.ts lets other modules
// name only exported views.

/** The 123X catalog's categories, retired ones included (old projects keep theirs). */
export const catalogCategoryDirectory = pgView('catalog_category_directory').as((qb) =>
  qb
    .select({ id: catalogCategories.id, code: catalogCategories.code, tier: catalogCategories.tier, name: catalogCategories.name, sortOrder: catalogCategories.sortOrder, retiredAt: catalogCategories.retiredAt })
    .from(catalogCategories),
);

/** The service domains of every city (a code is unique within its city), retired ones included. */
export const serviceDomainDirectory = pgView('service_domain_directory').as((qb) =>
  qb.select({ cityId: serviceDomains.cityId, code: serviceDomains.code, name: serviceDomains.name, sortOrder: serviceDomains.sortOrder, retiredAt: serviceDomains.retiredAt }).from(serviceDomains),
);
