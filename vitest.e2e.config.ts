import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser at a time on two cores.
    fileParallelism: false,
    pool: 'forks',
  },
});
