import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { openPglite, openPostgres, type Database } from '../platform/db/client.js';
import { withDatabase } from './global-setup.js';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/sql.js';

let counter = 0;

/** A fresh copy of the migrated, seeded template database for this test file. */
export async function openTestDatabase(): Promise<Database> {
  const spec = inject('testDb');
  if (spec.kind === 'pglite') {
    const blob = new Blob([fs.readFileSync(spec.dumpFile)]);
    return openPglite({ loadDataDir: blob });
  }
  return openServerDatabase(spec.serverUrl, spec.template);
}

/**
 * A new database on the test server — a copy of `template`, or empty (`null`: a deployment's first start) —
 * dropped when closed.
 */
export async function openServerDatabase(serverUrl: string, template: string | null, poolSize = 5): Promise<Database> {
  const name = `shezhi_t_${process.ppid}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const database = await openPostgres(withDatabase(serverUrl, name), poolSize);
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await cleanup.end();
  };
  return database;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-test-'));
  const config: Config = loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000', PII_KEY: inject('piiKey'), JOBS: 'off', DATA_DIR: dataDir, ...env }, { webDir: '/nonexistent' });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const DEMO_PASSWORD = 'Shezhi@2026';

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
}

export async function login(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sz_session');
  const body = res.json<{ user: { csrfToken: string; id: string } }>();
  return { cookie: `sz_session=${cookie!.value}`, csrf: body.user.csrfToken, userId: body.user.id };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as a signed-in user would send it from the web app (cookie + CSRF header). */
export function call(app: FastifyInstance, session: Session | null, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    payload: payload as never,
    headers: {
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      ...headers,
    },
  });
}

/** A seeded region by its official code, read straight from the database. */
export async function regionByCode(app: FastifyInstance, code: string): Promise<{ id: string; version: number; name: string; path: string }> {
  const [row] = await rows<{ id: string; version: number; name: string; path: string }>(app.database.db, sql`select id, version, name, path from regions where code = ${code}`);
  if (!row) throw new Error(`no region with code ${code}`);
  return row;
}

export function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
  const body = res.json<{ status: number; code: string; title: string; detail: string }>();
  if (res.statusCode !== status || (code && body.code !== code)) {
    throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${res.statusCode}: ${res.body}`);
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`not problem+json: ${String(res.headers['content-type'])}`);
  return body;
}

/** The fields a 422 names, in order: a refusal must say which input was wrong, not only that one was (issue 14 §6). */
export function failedFields(res: LightMyRequestResponse, code?: string): string[] {
  return ((expectProblem(res, 422, code) as unknown as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);
}

/**
 * One app and database for the test file, with the named demo users signed in:
 * `const ctx = useTestApp('admin', 'xucun')` then `ctx.t.app`, `ctx.as.admin` inside tests.
 */
export function useTestApp<U extends string>(...usernames: U[]): { t: TestApp; as: Record<U, Session> } {
  const ctx = { t: undefined as unknown as TestApp, as: {} as Record<U, Session> };
  beforeAll(async () => {
    ctx.t = await createTestApp();
    for (const u of usernames) ctx.as[u] = await login(ctx.t.app, u);
  });
  afterAll(async () => ctx.t?.close());
  return ctx;
}
