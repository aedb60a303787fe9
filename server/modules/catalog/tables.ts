/**
 * The catalog module's second door, for foreign keys only (docs/adr/0005, 0007): another module's `*.tables.ts`
 * imports the table it references from here; no other file of another module may import it
 * (.dependency-cruiser.cjs, `foreign-table-outside-table-file`). Reading the catalog is through index.ts
 * (categoryNames, the directory views). Not index.ts itself: a schema load would load routes and use cases too.
 */
export { catalogCategories } from './catalog.tables.js';
