import { defineConfig } from 'vitest/config';

/**
 * `E2E_SCOPE=smoke` runs the journeys that exercise what differs between the databases — a restart on the same
 * data folder, and the one-trip registration from form to certificate — and CI runs it on PGlite while the whole
 * set runs once, on the PostgreSQL server (.ci/run). Unset, every journey runs.
 */
const SMOKE = ['e2e/restart.spec.ts', 'e2e/one-trip.spec.ts'];

export default defineConfig({
  test: {
    include: process.env.E2E_SCOPE === 'smoke' ? SMOKE : ['e2e/**/*.spec.ts'],
    // On the PostgreSQL server: seeds the demo once into a template database that each journey's store copies.
    globalSetup: ['e2e/fixtures/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A page under CI load can take seconds to settle; vitest's 1 s default fails journeys that are right.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // One browser at a time on two cores.
    fileParallelism: false,
    pool: 'forks',
  },
});
