/**
 * The orgs module's second door, for foreign keys only (docs/adr/0005, 0007): another module's `*.tables.ts` imports
 * the table it references from here (`references(() => orgs.id)`); no other file of another module may import it
 * (.dependency-cruiser.cjs, `foreign-table-outside-table-file`). Reading orgs is through index.ts: read functions
 * and the orgDirectory view. Not index.ts itself: that would load the module's routes and use cases wherever a
 * schema is loaded (drizzle-kit, the other module's tables), and a table file would then reach code.
 */
export { orgs } from './orgs.tables.js';
