import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import { createTestApp, openTestDatabase, type TestApp } from '../../test/harness.js';
import { openPostgres, type Database } from '../db/client.js';
import { rows } from '../db/sql.js';
import { countHit, databaseRateLimitStore, sweepRateLimitCounters } from './rate-limit-store.js';

/** A bare app with one limited route, as each instance registers the plugin. */
async function limitedApp(database: Database, max: number, logs: string[] = []): Promise<FastifyInstance> {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = Fastify({ logger: { level: 'warn', stream } });
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(database.db, app.log), skipOnError: true });
  app.get('/limited', { config: { rateLimit: { max, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  app.post('/other', { config: { rateLimit: { max, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

describe('the database rate-limit store', () => {
  it('counts the hits of every instance on one database together, per route and per client address', async () => {
    const a = await limitedApp(database, 5);
    const b = await limitedApp(database, 5);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await (i % 2 ? b : a).inject({ method: 'GET', url: '/limited', remoteAddress: '10.0.0.1' })).statusCode);
      // The in-memory store would let each instance take 5: 8 × 200.
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      // HEAD is the GET's twin, not a second allowance.
      expect((await a.inject({ method: 'HEAD', url: '/limited', remoteAddress: '10.0.0.1' })).statusCode).toBe(429);
      // Another client, and another route for the same client, count on their own.
      expect((await b.inject({ method: 'GET', url: '/limited', remoteAddress: '10.0.0.2' })).statusCode).toBe(200);
      expect((await b.inject({ method: 'POST', url: '/other', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
      // Summed over windows: a run that crosses a window boundary keeps its hits in two rows (the sliding window weighs both).
      const keys = await rows<{ key: string; hits: number }>(database.db, sql`select key, sum(hits)::int as hits from rate_limit_counters where key like '% 10.0.0.%' group by key order by key`);
      expect(keys).toEqual([
        { key: 'GET /limited 10.0.0.1', hits: 9 },
        { key: 'GET /limited 10.0.0.2', hits: 1 },
        { key: 'POST /other 10.0.0.1', hits: 1 },
      ]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('weighs the previous window by the part of it still within the last window length', async () => {
    const windowMs = 3_600_000;
    const key = 'test:weighted';
    // The previous hour's window held 10 hits.
    await database.db.execute(
      sql`insert into rate_limit_counters (key, window_start, hits)
          values (${key}, to_timestamp(floor(extract(epoch from now()) / 3600) * 3600 - 3600), 10)`,
    );
    const first = await countHit(database.db, key, windowMs);
    expect(first.ttl).toBeGreaterThan(0);
    expect(first.ttl).toBeLessThanOrEqual(windowMs);
    // 1 hit now + the previous window's 10 scaled by the share of it that still counts (ttl / window).
    expect(first.current).toBe(1 + Math.ceil((10 * first.ttl) / windowMs));
    const second = await countHit(database.db, key, windowMs);
    expect(second.current).toBe(2 + Math.ceil((10 * second.ttl) / windowMs));
  });

  it('deletes the windows no limit needs any more, and keeps the current and previous ones', async () => {
    await database.db.execute(
      sql`insert into rate_limit_counters (key, window_start, hits) values
          ('test:old', now() - interval '10 minutes', 3), ('test:previous', now() - interval '90 seconds', 3)`,
    );
    await countHit(database.db, 'test:current', 60_000);
    expect(await sweepRateLimitCounters(database.db, 60_000)).toBeGreaterThanOrEqual(1);
    const left = (await rows<{ key: string }>(database.db, sql`select key from rate_limit_counters where key like 'test:%'`)).map((r) => r.key);
    expect(left).not.toContain('test:old');
    expect(left).toEqual(expect.arrayContaining(['test:previous', 'test:current']));
  });

  it('lets a request through and logs when the database cannot count it, instead of answering 500', async () => {
    // A server nobody listens on: every statement fails to connect, as when the database is down.
    const gone = await openPostgres('postgres://postgres@127.0.0.1:9/unreachable', 1);
    const logs: string[] = [];
    const app = await limitedApp(gone, 1, logs);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'GET', url: '/limited' })).statusCode);
      expect(statuses).toEqual([200, 200, 200]);
      expect(logs.filter((l) => l.includes('rate limit: count not recorded'))).toHaveLength(3);
    } finally {
      await app.close();
      await gone.close();
    }
  });
});

describe('the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('counts every rate-limited route in the database', async () => {
    const hits = [
      { method: 'POST' as const, url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'wrong-password' } },
      { method: 'POST' as const, url: '/api/v1/applicants', payload: {} },
      { method: 'POST' as const, url: '/api/v1/auth/sms-codes', payload: {} },
      { method: 'GET' as const, url: '/api/v1/public/certificates/no-such-token' },
      { method: 'GET' as const, url: '/api/v1/opendata/ocds/publication-policy' },
    ];
    for (const h of hits) await t.app.inject({ ...h, remoteAddress: '10.9.9.9' });
    const keys = (await rows<{ key: string }>(t.database.db, sql`select key from rate_limit_counters where key like '% 10.9.9.9' order by key`)).map((r) => r.key);
    expect(keys).toEqual([
      'GET /api/v1/opendata/ocds/publication-policy 10.9.9.9',
      'GET /api/v1/public/certificates/:token 10.9.9.9',
      'POST /api/v1/applicants 10.9.9.9',
      'POST /api/v1/auth/login 10.9.9.9',
      'POST /api/v1/auth/sms-codes 10.9.9.9',
    ]);
  });
});
