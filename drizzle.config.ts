import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Every table file of the kernel and of each module: a new module's tables are found without editing a list.
  schema: ['./server/platform/**/*.tables.ts', './server/modules/**/*.tables.ts'],
  out: './server/migrations',
});
