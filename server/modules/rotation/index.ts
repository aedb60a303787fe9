import { defineModule, tablesIn } from '../../platform/module.js';
import { rotationContract } from '../../../contracts/rotation.manifest.js';
import * as rotationTables from './rotation.tables.js';
import * as rotationRecordTables from './rotation-records.tables.js';
import { rotationRoutes } from './rotation.routes.js';
import { moveRotationWithRegion } from './use-cases/move-with-region.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const rotationModule = defineModule({
  name: 'rotation',
  contract: rotationContract,
  routes: [rotationRoutes],
  tables: tablesIn(rotationTables, rotationRecordTables),
  onRegionMove: moveRotationWithRegion,
  // The resources and their profiles are the workforce's; community needs are the catalog's service domains.
  demoSeed: { after: ['workforce', 'catalog'], base: async (tx) => (await import('./rotation.demo-seed.js')).seedHainingRotation(tx) },
});

// What other modules may use.
export { rotationRoutes } from './rotation.routes.js';
