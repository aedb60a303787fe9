import { defineModule, tablesIn } from '../../platform/module.js';
import { catalogContract } from '../../../contracts/catalog.manifest.js';
import { catalogRoutes } from './catalog.routes.js';
import * as catalogTables from './catalog.tables.js';
import { catalogTemplate } from './catalog.template.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const catalogModule = defineModule({
  name: 'catalog',
  contract: catalogContract,
  routes: [catalogRoutes],
  tables: tablesIn(catalogTables),
  demoSeed: { base: async (tx) => (await import('./catalog.demo-seed.js')).seedHainingCatalog(tx) },
  cityTemplate: catalogTemplate,
});

// What other modules may use.
export { catalogRoutes } from './catalog.routes.js';
export { getCatalog } from './use-cases/find-catalog.js';
export { categoryNames, currentCategoryCity } from './catalog.queries.js';
/** Views other modules may name in SQL (their tables they may not): modules/manifests.test.ts checks both. */
export { catalogCategoryDirectory, serviceDomainDirectory } from './catalog.views.js';
