import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A page under CI load can take seconds to settle; vitest's 1 s default fails journeys that are right.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // One browser at a time on two cores.
    fileParallelism: false,
    pool: 'forks',
  },
});
