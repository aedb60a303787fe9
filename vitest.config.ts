import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/ tests run in node without a DOM: pure rules and the collected manifests, not rendering.
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    // A worker imports the app once and runs file after file in it (each file still opens its own database and
    // app): the import was ~2 s of every file, a fifth of the suite. between-files.ts puts back the module state a
    // file may change (the business clock, …) before the next one.
    isolate: false,
    setupFiles: ['server/test/between-files.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only thrash; each file has its own database.
    maxWorkers: 2,
    pool: 'forks',
  },
});
