import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openPostgres, type Database } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { rows } from '../db/sql.js';
import { createPiiCipher } from '../pii/cipher.js';
import { seedHaining } from '../../seed/haining.js';
import { withDatabase } from '../../test/global-setup.js';
import { DEMO_PASSWORD, login as injectLogin } from '../../test/harness.js';
import { solveCaptcha } from '../../test/citizens.js';
import { makeSubmittedApplication } from '../../modules/applications/application-factories.js';
import { markOverdueCases } from '../cases/overdue.js';
import { todayInChina } from '../calendar/calendar.js';
import { deliverOutbox, setEnabledChannels, webhookAdapter } from '../notify/notify.js';

/**
 * Two app instances on one PostgreSQL database behind a reverse proxy that alternates between them, as a
 * city deploys it (docs/DEPLOYMENT.md): real listeners on free ports, real HTTP, one database server.
 *
 * On the PostgreSQL leg the database is a copy of the run's seeded template. The PGlite leg has no server
 * template, and PGlite cannot be shared by two processes anyway, so this file creates its own database on the
 * machine's PostgreSQL (MULTI_INSTANCE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test — only used
 * to create and drop a database of its own) with the city's base data; it skips, saying so, if there is none.
 */
const spec = inject('testDb');
const serverUrl = spec.kind === 'postgres' ? spec.serverUrl : (process.env.MULTI_INSTANCE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const serverReachable = await (async () => {
  const probe = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
    return true;
  } catch {
    return false;
  } finally {
    await probe.end().catch(() => undefined);
  }
})();
if (!serverReachable) console.warn(`multi-instance test skipped: no PostgreSQL server at ${serverUrl} (two instances cannot share a PGlite)`);

const LOGIN_RATE_LIMIT = 10;
const dbName = `shezhi_mi_${process.pid}_${Date.now().toString(36)}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-mi-'));

interface Instance {
  app: FastifyInstance;
  database: Database;
  port: number;
}
let a: Instance;
let b: Instance;
let proxy: { port: number; served: number[]; close: () => Promise<void> };

async function createDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(spec.kind === 'postgres' ? `create database ${dbName} template ${spec.template}` : `create database ${dbName}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, dbName);
  if (spec.kind === 'pglite') {
    // The base city (regions, departments, calendar, registry, demo accounts); the cases this file needs it makes.
    const setup = await openPostgres(url, 1);
    try {
      await runMigrations(setup);
      const pii = createPiiCipher(Buffer.from(inject('piiKey'), 'base64'));
      await setup.db.transaction((tx) => seedHaining(tx, pii));
    } finally {
      await setup.close();
    }
  }
  return url;
}

async function startInstance(url: string): Promise<Instance> {
  // The settings every instance must share (docs/DEPLOYMENT.md): the database, the personal-data key, the proxy.
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      PII_KEY: inject('piiKey'),
      TRUST_PROXY: 'true',
      LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT),
      // Long enough that only the cross-instance notification, never the cache's expiry, can explain a refusal.
      SESSION_CACHE_SECONDS: '300',
      JOBS: 'off',
      DATA_DIR: dataDir,
    },
    { webDir: '/nonexistent' },
  );
  const database = await openPostgres(url, 5);
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, database, port: (app.server.address() as AddressInfo).port };
}

/** The reverse proxy: round robin, and X-Forwarded-For set (not appended) to the address it was reached from. */
async function startProxy(targets: number[]): Promise<typeof proxy> {
  let next = 0;
  const served = targets.map(() => 0);
  const server = http.createServer((req, res) => {
    const i = next++ % targets.length;
    served[i] += 1;
    const upstream = http.request(
      { host: '127.0.0.1', port: targets[i], method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress, 'x-forwarded-proto': 'http' } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, served, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The parsed body; the tests read a few fields of each answer. */
  json: () => any;
}
interface Client {
  cookie: string;
  csrf: string;
}

/** One HTTP request, from `from` (a loopback address: each stands for another client of the proxy). */
function send(port: number, method: string, url: string, options: { body?: unknown; as?: Client; from?: string } = {}): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (options.as) Object.assign(headers, { cookie: options.as.cookie, 'x-csrf-token': options.as.csrf });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers, localAddress: options.from ?? '127.0.0.1', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function signIn(port: number, username: string, from = '127.0.0.1'): Promise<Client> {
  const res = await send(port, 'POST', '/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD }, from });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.body}`);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sz_session='))!.split(';')[0];
  return { cookie, csrf: res.json().user.csrfToken };
}

/** Polls until `check` holds; answers how long that took. Fails after `withinMs`. */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!serverReachable)('two instances behind a reverse proxy on one PostgreSQL database', () => {
  beforeAll(async () => {
    const url = await createDatabase();
    [a, b] = await Promise.all([startInstance(url), startInstance(url)]);
    proxy = await startProxy([a.port, b.port]);
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    for (const i of [a, b]) {
      await i?.app.close();
      await i?.database.close();
    }
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts the login rate limit over both instances, per client address', async () => {
    const before = [...proxy.served];
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_RATE_LIMIT + 2; i++) {
      statuses.push((await send(proxy.port, 'POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'wrong-password' }, from: '127.0.0.2' })).status);
    }
    // Per instance (the in-memory store) each would have allowed 10: 12 refusals and no 429. From the fourth try
    // on, a captcha is asked for (422) instead of the password being tried (401).
    expect(statuses).toEqual([401, 401, 401, ...Array(LOGIN_RATE_LIMIT - 3).fill(422), 429, 429]);
    expect(proxy.served.map((n, i) => n - before[i])).toEqual([(LOGIN_RATE_LIMIT + 2) / 2, (LOGIN_RATE_LIMIT + 2) / 2]);
    // The limit is the client's (X-Forwarded-For from the proxy), not the proxy's: another client signs in.
    expect((await send(proxy.port, 'POST', '/api/v1/auth/login', { body: { username: 'nobody-else', password: 'wrong-password' }, from: '127.0.0.3' })).status).toBe(401);
  });

  it('locks an account after LOGIN_MAX_FAILURES failures spread over both instances, on both', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // After 3 failures each try carries a captcha, drawn by one instance and checked by whichever answers.
      const captcha = i >= 3 ? await solveCaptcha(a.app) : {};
      statuses.push((await send(proxy.port, 'POST', '/api/v1/auth/login', { body: { username: 'xucun', password: 'wrong-password', ...captcha }, from: '127.0.0.4' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    for (const [port, app] of [[a.port, a.app], [b.port, b.app]] as const) {
      // The name has failed 3 times: even the right password comes with a captcha, and then hears of the lock.
      const right = await send(port, 'POST', '/api/v1/auth/login', { body: { username: 'xucun', password: DEMO_PASSWORD, ...(await solveCaptcha(app)) }, from: '127.0.0.5' });
      expect(right.status).toBe(423);
      expect(right.json().code).toBe('account_locked');
    }
  });

  it('a logout on A is refused on B at once (session cache cleared by NOTIFY)', async () => {
    expect(a.app.sessionCache.enabled && b.app.sessionCache.enabled).toBe(true);
    const auditor = await signIn(a.port, 'auditor');
    expect((await send(b.port, 'GET', '/api/v1/auth/me', { as: auditor })).status).toBe(200);
    expect((await send(b.port, 'GET', '/api/v1/auth/me', { as: auditor })).status).toBe(200);
    expect((await send(a.port, 'POST', '/api/v1/auth/logout', { as: auditor })).status).toBe(204);
    await within(1000, async () => (await send(b.port, 'GET', '/api/v1/auth/me', { as: auditor })).status === 401);
  });

  it('a user disabled on A is refused on B at once', async () => {
    const admin = await signIn(a.port, 'admin');
    const weijian = await signIn(b.port, 'weijian');
    expect((await send(b.port, 'GET', '/api/v1/auth/me', { as: weijian })).status).toBe(200);
    const user = (await send(a.port, 'GET', '/api/v1/users?q=weijian', { as: admin })).json().items[0];
    expect((await send(a.port, 'POST', `/api/v1/users/${user.id}/disable`, { as: admin, body: { version: user.version } })).status).toBe(200);
    await within(1000, async () => (await send(b.port, 'GET', '/api/v1/auth/me', { as: weijian })).status === 401);
  });

  it('a grant revoked on A no longer opens anything on B', async () => {
    const admin = await signIn(a.port, 'admin');
    const minzheng = await signIn(b.port, 'minzheng');
    expect((await send(b.port, 'GET', '/api/v1/regions', { as: minzheng })).status).toBe(200);
    const user = (await send(a.port, 'GET', '/api/v1/users?q=minzheng', { as: admin })).json().items[0];
    expect((await send(a.port, 'DELETE', `/api/v1/users/${user.id}/grants/${user.grants[0].id}`, { as: admin })).status).toBe(200);
    await within(1000, async () => (await send(b.port, 'GET', '/api/v1/regions', { as: minzheng })).status === 403);
  });

  it('a calendar day set on A changes the working days B computes (reference cache cleared by NOTIFY)', async () => {
    const admin = await signIn(a.port, 'admin');
    const nextWorkingDay = async () => (await send(b.port, 'GET', '/api/v1/calendar/working-days?from=2026-03-11&add=1', { as: admin })).json().date as string;
    expect(await nextWorkingDay()).toBe('2026-03-12');
    // B serves the calendar from memory: a change behind the app's back (no notification) is not seen…
    await a.database.db.execute(sql`insert into calendar_days (date, kind, name, source) values ('2026-03-12', 'holiday', '测试', 'manual')`);
    expect(await nextWorkingDay()).toBe('2026-03-12');
    // …but the same change made through A is, at once.
    const set = await send(a.port, 'PUT', '/api/v1/calendar/days/2026-03-12', { as: admin, body: { kind: 'holiday', name: '多实例测试' } });
    expect(set.status).toBe(200);
    await within(1000, async () => (await nextWorkingDay()) === '2026-03-13');
  });

  it('the overdue check fired on both instances at once marks and notifies each overdue case once', async () => {
    const applicant = await injectLogin(a.app, 'shenqing');
    const made = [await makeSubmittedApplication(a.app, applicant), await makeSubmittedApplication(a.app, applicant)];
    await a.database.db.execute(sql`update cases set due_on = date '2026-01-05', overdue_since = null where id in (${sql.join(made.map((id) => sql`${id}::uuid`), sql`, `)})`);
    const today = todayInChina();
    const due = (await rows<{ id: string }>(a.database.db, sql`select id from cases where closed_at is null and due_on < ${today} and overdue_since is null`)).map((r) => r.id);
    expect(due).toEqual(expect.arrayContaining(made));

    const runs = await Promise.all([markOverdueCases(a.app.database.db, today), markOverdueCases(b.app.database.db, today)]);
    expect(runs.reduce((n, r) => n + (r?.marked ?? 0), 0)).toBe(due.length);
    // One run marked them all; the other found the job taken (null) or nothing left to mark.
    expect(runs.map((r) => r?.marked ?? 0).sort((x, y) => x - y)).toEqual([0, due.length]);

    const audits = await rows<{ entity_id: string; n: number }>(
      a.database.db,
      sql`select entity_id, count(*)::int as n from audit_events where action = 'case.overdue' and entity_id = any(${`{${due.join(',')}}`}::text[]) group by entity_id`,
    );
    expect(audits).toHaveLength(due.length);
    expect(audits.every((r) => r.n === 1)).toBe(true);
    const twice = await rows<{ n: number }>(
      a.database.db,
      sql`select count(*)::int as n from (select user_id, case_id from notifications where kind = 'case.overdue' and case_id = any(${`{${due.join(',')}}`}::uuid[]) group by user_id, case_id having count(*) > 1) d`,
    );
    expect(twice[0].n).toBe(0);
    const again = await Promise.all([markOverdueCases(a.app.database.db, today), markOverdueCases(b.app.database.db, today)]);
    expect(again.map((r) => r?.marked ?? 0)).toEqual([0, 0]);
  });

  it('an outbox message delivered by both instances at once is sent once', async () => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      received.push(String(req.headers['idempotency-key']));
      req.resume();
      // A slow gateway, so the two instances' deliveries overlap.
      setTimeout(() => res.writeHead(200).end(), 15);
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const before = new Set((await rows<{ id: string }>(a.database.db, sql`select id from notification_outbox`)).map((r) => r.id));
      const applicant = await injectLogin(a.app, 'shenqing');
      setEnabledChannels(['dingtalk']);
      try {
        for (let i = 0; i < 3; i++) await makeSubmittedApplication(a.app, applicant);
      } finally {
        setEnabledChannels([]);
      }
      const queued = (await rows<{ id: string }>(a.database.db, sql`select id from notification_outbox where delivered_at is null`)).map((r) => r.id).filter((id) => !before.has(id));
      expect(queued.length).toBeGreaterThanOrEqual(3);

      const adapter = webhookAdapter('dingtalk', `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, (s) => a.app.pii.decrypt(s));
      const delivered = [0, 0];
      for (;;) {
        const [x, y] = await Promise.all([deliverOutbox(a.app.database.db, [adapter], 2), deliverOutbox(b.app.database.db, [adapter], 2)]);
        delivered[0] += x.delivered;
        delivered[1] += y.delivered;
        if (x.delivered + y.delivered + x.failed + y.failed === 0) break;
      }
      expect(delivered[0] + delivered[1]).toBe(queued.length);
      expect(received.slice().sort()).toEqual(queued.slice().sort());
      const left = await rows<{ n: number }>(a.database.db, sql`select count(*)::int as n from notification_outbox where delivered_at is null`);
      expect(left[0].n).toBe(0);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
