import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/ tests run in node without a DOM: pure rules and the collected manifests, not rendering.
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only thrash; each file has its own database.
    maxWorkers: 2,
    pool: 'forks',
  },
});
