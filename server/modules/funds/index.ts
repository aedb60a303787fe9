export { fundRoutes } from './funds.routes.js';
export { funds, fundLines, fundAllocations, fundMovements } from './funds.tables.js';
export { moveFunds, holdingsOf, projectMoney, HOLDING_SUMS, type Holding, type Movement, type MovementResult } from './use-cases/move-funds.js';
