// What the shared rate-limit store costs a limited request (docs/DEPLOYMENT.md §4):
// `npx tsx bench/rate-limit-cost.ts` — on a new database of the local PostgreSQL server (BENCH_PG_URL) and on PGlite.
// 1. the counting statement alone; 2. a limited route that does nothing else, with the plugin's in-memory store
// and with the database store; 3. a failed sign-in on the real app, for scale (argon2 on a dummy hash + audit).
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { openPglite, openPostgres, type Database } from '../server/platform/db/client.js';
import { runMigrations } from '../server/platform/db/migrate.js';
import { countHit, databaseRateLimitStore } from '../server/platform/http/rate-limit-store.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createBenchDb } from './lib/pg.js';
import { tempDir } from './lib/server.js';
import { log } from './lib/stats.js';
import { cleanupAll } from './lib/cleanup.js';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const summary = (xs: number[]) => `p50 ${percentile(xs, 0.5).toFixed(3)} ms, p95 ${percentile(xs, 0.95).toFixed(3)} ms`;

async function timed(n: number, once: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function measure(label: string, database: Database) {
  await timed(300, (i) => countHit(database.db, `warm ${i % 20}`, 60_000));
  log(`${label}: counting statement       ${summary(await timed(3000, (i) => countHit(database.db, `POST /api/v1/auth/login 10.0.0.${i % 50}`, 60_000)))}`);

  for (const store of ['memory', 'database'] as const) {
    const app = Fastify();
    await app.register(rateLimit, { global: false, ...(store === 'database' ? { store: databaseRateLimitStore(database.db, app.log), skipOnError: true } : {}) });
    app.post('/limited', { config: { rateLimit: { max: 1_000_000, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    await app.ready();
    await timed(300, (i) => app.inject({ method: 'POST', url: '/limited', payload: {}, remoteAddress: `10.1.0.${i % 50}` }));
    const xs = await timed(3000, (i) => app.inject({ method: 'POST', url: '/limited', payload: {}, remoteAddress: `10.1.0.${i % 50}` }));
    log(`${label}: limited route, ${store.padEnd(9)}${summary(xs)}`);
    await app.close();
  }

  const config = loadConfig(
    { LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000000', PII_KEY: randomBytes(32).toString('base64'), JOBS: 'off', DATA_DIR: tempDir('ratelimit') },
    { webDir: '/nonexistent' },
  );
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  const attempt = (i: number) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'wrong-password' }, remoteAddress: `10.2.0.${i % 50}` });
  await timed(20, attempt);
  log(`${label}: failed sign-in (whole)   ${summary(await timed(150, attempt))}`);
  await app.close();
}

try {
  const { url } = await createBenchDb('ratelimit');
  const server = await openPostgres(url, 5);
  await runMigrations(server);
  await measure('postgres', server);
  await server.close();
  const lite = await openPglite();
  await runMigrations(lite);
  await measure('pglite  ', lite);
  await lite.close();
} finally {
  await cleanupAll();
}
