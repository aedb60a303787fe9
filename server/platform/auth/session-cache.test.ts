import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { call, expectProblem, login, openTestDatabase } from '../../test/harness.js';
import type { Database } from '../db/client.js';
import { hashToken } from './sessions.js';

/** Two app instances on one database, as behind a load balancer. */
let database: Database;
let a: FastifyInstance;
let b: FastifyInstance;
beforeAll(async () => {
  database = await openTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000', PII_KEY: inject('piiKey') }, { webDir: '/nonexistent' });
  a = await buildApp({ config, database, logger: false });
  b = await buildApp({ config, database, logger: false });
  await Promise.all([a.ready(), b.ready()]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.close();
});

const tokenOf = (cookie: string) => cookie.split('=')[1];

describe('the session cache across instances', () => {
  it('is on while the invalidation listener is connected, and serves repeat requests', async () => {
    expect(a.sessionCache.enabled).toBe(true);
    const s = await login(a, 'admin');
    expect((await call(b, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect(b.sessionCache.get(hashToken(tokenOf(s.cookie)), Date.now())).not.toBeNull();
  });

  it('a logout on one instance ends the session on the other at once, not after the cache lifetime', async () => {
    const s = await login(a, 'admin');
    expect((await call(b, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await call(a, s, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    const started = Date.now();
    await expect.poll(async () => (await call(b, s, 'GET', '/api/v1/auth/me')).statusCode, { timeout: 3000, interval: 20 }).toBe(401);
    expect(Date.now() - started).toBeLessThan(3000);
    expectProblem(await call(a, s, 'GET', '/api/v1/auth/me'), 401);
  });

  it('a grant revoked on one instance is gone on the other', async () => {
    const admin = await login(a, 'admin');
    const xucun = await login(b, 'xucun');
    expect((await call(b, xucun, 'GET', '/api/v1/auth/me')).json().grants).toHaveLength(1);
    const user = (await call(a, admin, 'GET', '/api/v1/users?q=xucun')).json().items[0];
    const removed = await call(a, admin, 'DELETE', `/api/v1/users/${user.id}/grants/${user.grants[0].id}`);
    expect(removed.statusCode).toBe(200);
    await expect.poll(async () => (await call(b, xucun, 'GET', '/api/v1/auth/me')).json().grants.length, { timeout: 3000, interval: 20 }).toBe(0);
  });
});
