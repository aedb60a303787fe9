export { fundRoutes } from './funds.routes.js';
export { funds, fundLines, fundAllocations, fundMovements } from './funds.tables.js';
export { moveFunds, type Movement, type MovementResult } from './use-cases/move-funds.js';
