import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../db/client.js';
import { login, openTestDatabase } from '../../test/harness.js';
import { redactMessage, redactStatement, serializeError } from './log-safe.js';

// Values as an application form carries them: a legal representative, an ID number, an address.
const NAME = '张秀英';
const ID_NUMBER = '330481199001011234';
const ADDRESS = '许村镇荣星村 8 号';

describe('errors in the log keep no values', () => {
  it('drops a failed query’s parameters, quoted input and key tuples, keeps SQLSTATE, constraint and the statement’s shape', () => {
    const cause = Object.assign(new Error(`duplicate key value violates unique constraint "orgs_credit_code_uq"`), {
      code: '23505',
      severity: 'ERROR',
      constraint: 'orgs_credit_code_uq',
      table: 'orgs',
      routine: '_bt_check_unique',
      detail: `Key (credit_code)=(${ID_NUMBER}) already exists.`,
      where: `SQL statement with ${NAME}`,
    });
    // drizzle-orm's DrizzleQueryError: the message lists the parameters.
    const err = Object.assign(new Error(`Failed query: insert into orgs (name, legal_rep) values ($1, $2)\nparams: ${NAME},${ADDRESS}`), {
      query: 'insert into orgs (name, legal_rep) values ($1, $2)',
      params: [NAME, ADDRESS],
      cause,
    });
    const out = serializeError(err) as Record<string, unknown>;
    const text = JSON.stringify(out);
    for (const value of [NAME, ID_NUMBER, ADDRESS]) expect(text).not.toContain(value);
    expect(out).toMatchObject({ code: '23505', constraint: 'orgs_credit_code_uq', table: 'orgs', routine: '_bt_check_unique', statement: 'insert into orgs (name, legal_rep) values ($1, $2)' });
    expect(out).not.toHaveProperty('detail');
    expect(out).not.toHaveProperty('params');
    expect(String(out.message)).toContain('duplicate key value violates unique constraint');
  });

  it('redacts quoted input in messages and literals in statements', () => {
    expect(redactMessage(`invalid input syntax for type integer: "${NAME}"`)).toBe('invalid input syntax for type integer: "…"');
    expect(redactMessage(`Key (a, b)=(1, ${NAME}) already exists.`)).toBe('Key (a, b)=(…) already exists.');
    expect(redactStatement(`select *\n  from orgs where name = '${NAME}' and x = $1`)).toBe(`select * from orgs where name = '…' and x = $1`);
  });

  it('leaves ordinary errors as they were, causes included', () => {
    const out = serializeError(Object.assign(new Error('outer', { cause: new Error('inner') }), { task: 'overdue' })) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'Error', message: 'outer: inner', task: 'overdue' });
    expect(String(out.stack)).toContain('caused by:');
    expect(serializeError('not an error')).toBe('not an error');
  });
});

/** An app on a fresh copy of the test database, as createTestApp builds it but with the logger and routes given. */
function useApp(env: Record<string, string>, logger: object | false, addRoutes?: (app: FastifyInstance, database: Database) => void) {
  const ctx = { app: undefined as unknown as FastifyInstance };
  let database: Database;
  let dataDir: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-log-'));
    const config = loadConfig({ PII_KEY: inject('piiKey'), JOBS: 'off', DATA_DIR: dataDir, ...env }, { webDir: '/nonexistent' });
    ctx.app = await buildApp({ config, database, logger });
    addRoutes?.(ctx.app, database);
    await ctx.app.ready();
  });
  afterAll(async () => {
    await ctx.app?.close();
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return ctx;
}

describe('a database error through a real request', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // A statement that fails on the value it was given, as a form field reaching a bad cast would.
  const ctx = useApp({ LOG_LEVEL: 'info' }, { level: 'info', stream }, (app, database) => {
    app.post('/api/v1/test/fail', { config: { permission: 'public', skipCsrf: true } }, async () => {
      await database.db.execute(sql`select ${`${NAME} ${ID_NUMBER}`}::int as n`);
      return { ok: true };
    });
  });

  it('answers 500 problem+json and logs the SQLSTATE without the value', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/test/fail', payload: {} });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).not.toContain(NAME);
    const log = lines.join('');
    expect(log).toContain('unhandled error');
    expect(log).toContain('22P02');
    expect(log).not.toContain(NAME);
    expect(log).not.toContain(ID_NUMBER);
  });
});

describe('headers', () => {
  const ctx = useApp({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000' }, false);
  const app = () => ctx.app;

  it('refuses framing (X-Frame-Options DENY and frame-ancestors none), as docs/SECURITY.md says', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/v1/public/orgs?limit=1' });
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('lets no cache keep what a signed-in user is answered, the sign-in included; open data keeps its caching', async () => {
    const loginRes = await app().inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Shezhi@2026' } });
    expect(loginRes.statusCode).toBe(200);
    expect(loginRes.headers['cache-control']).toBe('no-store');
    const s = await login(app(), 'admin');
    for (const url of ['/api/v1/auth/me', '/api/v1/orgs?limit=1', '/api/v1/regions?limit=1', '/api/v1/nope']) {
      const res = await app().inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const refused = await app().inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    const open = await app().inject({ method: 'GET', url: '/api/v1/opendata/ocds/publication-policy' });
    expect(open.headers['cache-control']).toBe('public, max-age=60');
  });
});
