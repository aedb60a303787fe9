import { defineModule, tablesIn } from '../../platform/module.js';
import { rotationContract } from '../../../contracts/rotation.manifest.js';
import * as rotationTables from './rotation.tables.js';
import * as rotationRecordTables from './rotation-records.tables.js';
import { rotationRoutes } from './rotation.routes.js';
import { rotationRecordRoutes } from './rotation-records.routes.js';
import { moveRotationWithRegion } from './use-cases/move-with-region.js';
import { rotationFormulas } from './rotation.formulas.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const rotationModule = defineModule({
  name: 'rotation',
  contract: rotationContract,
  routes: [rotationRoutes, rotationRecordRoutes],
  tables: tablesIn(rotationTables, rotationRecordTables),
  onRegionMove: moveRotationWithRegion,
  // The assessment's 四季轮值网格覆盖率 (SPPE E3, the towns' T4-2).
  formulas: rotationFormulas,
  // The resources and their profiles are the workforce's; community needs are the catalog's service domains.
  // Field records come after the demo accounts (acts): one of them is a social worker's own.
  demoSeed: {
    after: ['workforce', 'catalog'],
    base: async (tx) => (await import('./rotation.demo-seed.js')).seedHainingRotation(tx),
    acts: async (db) => (await import('./rotation-records.demo-seed.js')).seedHainingFieldRecords(db),
  },
});

// What other modules may use.
export { rotationRoutes } from './rotation.routes.js';
