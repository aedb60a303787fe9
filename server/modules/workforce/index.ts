import { defineModule, tablesIn } from '../../platform/module.js';
import { workforceContract } from '../../../contracts/workforce.manifest.js';
import * as workforceTables from './workforce.tables.js';
import { workforceRoutes } from './workforce.routes.js';
import { moveWorkersWithRegion } from './use-cases/move-with-region.js';
import { workforceFormulas } from './workforce.formulas.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const workforceModule = defineModule({
  name: 'workforce',
  contract: workforceContract,
  routes: [workforceRoutes],
  tables: tablesIn(workforceTables),
  onRegionMove: moveWorkersWithRegion,
  // The assessment's 持证社工配备 (SPPE P1-1, the towns' T3-1).
  formulas: workforceFormulas,
  // Social workers work for the registry's agencies; every organization gets a rotation profile; domains are the catalog's.
  demoSeed: { after: ['orgs', 'catalog'], base: async (tx, { pii }) => (await import('./workforce.demo-seed.js')).seedHainingWorkforce(tx, pii) },
});

// What other modules may use.
export { workforceRoutes } from './workforce.routes.js';
export { rotationResources, rotationResourceNames, rotationResourceUsers, resourcesOfUser, rotationProfileCity, type RotationResource } from './use-cases/rotation-resources.js';
export { linkWorkerAccount } from './use-cases/link-account.js';
