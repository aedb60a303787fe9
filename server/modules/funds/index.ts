import { defineModule, tablesIn } from '../../platform/module.js';
import { fundsContract } from '../../../contracts/funds.manifest.js';
import { fundRoutes } from './funds.routes.js';
import * as fundsTables from './funds.tables.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const fundsModule = defineModule({
  name: 'funds',
  contract: fundsContract,
  routes: [fundRoutes],
  tables: tablesIn(fundsTables),
  demoSeed: { base: async (tx) => (await import('./funds.demo-seed.js')).seedHainingFunds(tx) },
});

// What other modules may use.
export { fundRoutes } from './funds.routes.js';
export { moveFunds, holdingsOf, projectMoney, type Holding, type Movement, type MovementResult } from './use-cases/move-funds.js';
export { importLedgerHistory, type LedgerHistory } from './use-cases/import-ledger-history.js';
/** Views other modules may name in SQL (their tables they may not): modules/manifests.test.ts checks both. */
export { fundLineDirectory, fundAllocationBalances, fundPayments } from './funds.views.js';
