/**
 * The funds module's second door, for foreign keys only (docs/adr/0005, 0007): another module's `*.tables.ts`
 * imports the tables it references from here; no other file of another module may import it
 * (.dependency-cruiser.cjs, `foreign-table-outside-table-file`). Money moves only through moveFunds and is read
 * through projectMoney and the views index.ts exports. Not index.ts itself: a schema load would load routes and
 * use cases too.
 */
export { fundLines, fundAllocations, fundMovements } from './funds.tables.js';
