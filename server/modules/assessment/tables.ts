/**
 * The assessment module's second door, for foreign keys only (docs/adr/0005, 0007): another module's `*.tables.ts`
 * imports the table it references from here (a project's final evaluation names the engine's round it was scored
 * in). Reading and writing rounds is through index.ts (owned-rounds.ts), never this table.
 */
export { assessmentRounds } from './assessment.tables.js';
