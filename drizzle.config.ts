import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Every table file of the kernel and of each module, and the views a module offers others (*.views.ts): a new
  // module's tables and views are found without editing a list.
  schema: ['./server/platform/**/*.tables.ts', './server/modules/**/*.tables.ts', './server/modules/**/*.views.ts'],
  out: './server/migrations',
});
