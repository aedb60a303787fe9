import { defineModule } from '../../platform/module.js';
import { regionsContract } from '../../../contracts/regions.manifest.js';
import { regionRoutes } from './regions.routes.js';

// Its tables (regions, departments) are the kernel's scope model: server/platform/access/scope.tables.ts.
/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const regionsModule = defineModule({
  name: 'regions',
  contract: regionsContract,
  routes: [regionRoutes],
  tables: [],
});

// What other modules may use.
// The regions module's public door: other modules import only from here.
export { regionRoutes } from './regions.routes.js';
export { findRegionById, recountRegions } from './regions.queries.js';
