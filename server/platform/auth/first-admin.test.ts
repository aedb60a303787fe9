import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openPglite, type Database } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { rows } from '../db/sql.js';
import { ensureOfficialCalendar } from '../calendar/calendar.js';
import { call, expectProblem, failedFields, login, openServerDatabase } from '../../test/harness.js';
import { ensureFirstAdmin, StartRefused } from './first-admin.js';

/**
 * A real deployment's first start (issue 16 §1), on the leg's database kind: an empty, migrated database — no
 * demo, no region, no account — gets the official calendar and the first platform administrator from the
 * environment, who signs in, must change the password, and creates the city this installation serves. Without
 * the variables the start stops, saying what to set.
 */
const spec = inject('testDb');
let database: Database;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-first-'));

async function emptyDatabase(): Promise<Database> {
  if (spec.kind === 'pglite') {
    const d = await openPglite();
    await runMigrations(d);
    return d;
  }
  const d = await openServerDatabase(spec.serverUrl, null, 3);
  await runMigrations(d);
  return d;
}

beforeAll(async () => {
  database = await emptyDatabase();
}, 120_000);
afterAll(async () => {
  await database?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const count = async (table: string) => (await rows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n;

describe(`first start of a deployment without the demo (${spec.kind})`, () => {
  it('loads the official calendar on an empty database, once', async () => {
    expect(await count('calendar_days')).toBe(0);
    const loaded = await ensureOfficialCalendar(database.db);
    expect(loaded).toContain(2026);
    // 2026-10-01 is National Day: a holiday from the package, not a weekend rule.
    const [day] = await rows<{ kind: string }>(database.db, sql`select kind from calendar_days where date = '2026-10-01'`);
    expect(day.kind).toBe('holiday');
    const days = await count('calendar_days');
    // Every year present: the next start loads nothing and changes nothing.
    expect(await ensureOfficialCalendar(database.db)).toEqual([]);
    expect(await count('calendar_days')).toBe(days);
  });

  it('refuses to go on without an administrator, saying what to set, and creates nothing', async () => {
    const refused = ensureFirstAdmin(database.db, { ADMIN_PASSWORD_CHANGE: true });
    await expect(refused).rejects.toBeInstanceOf(StartRefused);
    await expect(ensureFirstAdmin(database.db, { ADMIN_PASSWORD_CHANGE: true })).rejects.toThrow(/ADMIN_USERNAME[\s\S]*ADMIN_PASSWORD_FILE/);
    await expect(ensureFirstAdmin(database.db, { ADMIN_USERNAME: 'ops', ADMIN_PASSWORD_CHANGE: true })).rejects.toThrow('没有初始密码');
    await expect(ensureFirstAdmin(database.db, { ADMIN_USERNAME: 'ops', ADMIN_PASSWORD_FILE: path.join(root, 'missing'), ADMIN_PASSWORD_CHANGE: true })).rejects.toThrow('无法读取 ADMIN_PASSWORD_FILE');
    expect(await count('users')).toBe(0);
  });

  it('creates the platform administrator from a password file; a later start leaves the account alone', async () => {
    const file = path.join(root, 'admin-password');
    fs.writeFileSync(file, 'Platform#Start2026\n');
    const created = await ensureFirstAdmin(database.db, { ADMIN_USERNAME: 'ops', ADMIN_PASSWORD_FILE: file, ADMIN_PASSWORD_CHANGE: false });
    // The password meets the policy and the change was waived: no forced change.
    expect(created).toEqual({ kind: 'created', username: 'ops', mustChangePassword: false, weak: null });
    const [grant] = await rows<{ role: string; region_id: string | null }>(database.db, sql`select g.role, g.region_id from role_grants g join users u on u.id = g.user_id where u.username = 'ops'`);
    expect(grant).toEqual({ role: 'platformAdmin', region_id: null });
    const [audit] = await rows<{ action: string }>(database.db, sql`select action from audit_events where request_id = 'start:first-admin'`);
    expect(audit.action).toBe('user.create');
    // Another password on a later start changes nothing (a password changed since must not be reset by a restart).
    expect(await ensureFirstAdmin(database.db, { ADMIN_USERNAME: 'OPS', ADMIN_PASSWORD: 'Other#Pass2026y', ADMIN_PASSWORD_CHANGE: true })).toEqual({ kind: 'exists', username: 'OPS' });
    expect(await count('users')).toBe(1);
    // With an administrator in place, a start without the variables goes on.
    expect(await ensureFirstAdmin(database.db, { ADMIN_PASSWORD_CHANGE: true })).toEqual({ kind: 'none' });
  });

  it('a weak password lets the administrator in once, to choose another', async () => {
    const weak = await ensureFirstAdmin(database.db, { ADMIN_USERNAME: 'ops2', ADMIN_PASSWORD: 'password123', ADMIN_PASSWORD_CHANGE: false });
    // Forced change although the waiver was asked for, and the banner says why (the policy's own words).
    expect(weak).toMatchObject({ kind: 'created', mustChangePassword: true, weak: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('the platform administrator signs in and creates the city this installation serves; nobody else may', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000', PII_KEY: inject('piiKey'), JOBS: 'off', DATA_DIR: root, SEED_DEMO: 'false' }, { webDir: '/nonexistent' });
    const app = await buildApp({ config, database, logger: false });
    await app.ready();
    try {
      const ops = await login(app, 'ops', 'Platform#Start2026');
      expect((await call(app, ops, 'GET', '/api/v1/auth/me')).json()).toMatchObject({ mustChangePassword: false });
      // A city's code is its six-digit division code; without a parent only a city may be made.
      expectProblem(await call(app, ops, 'POST', '/api/v1/regions', { kind: 'town', code: '330483001', name: '梧桐街道' }), 422, 'validation');
      expectProblem(await call(app, ops, 'POST', '/api/v1/regions', { kind: 'city', code: '3304', name: '桐乡市' }), 422, 'validation');
      const city = await call(app, ops, 'POST', '/api/v1/regions', { kind: 'city', code: '330483', name: '桐乡市' });
      expect(city.statusCode).toBe(201);
      expect(city.json()).toMatchObject({ name: '桐乡市', code: '330483', level: 'city', parentId: null });
      expectProblem(await call(app, ops, 'POST', '/api/v1/regions', { kind: 'city', code: '330483', name: '另一个桐乡' }), 409, 'duplicate');
      const town = await call(app, ops, 'POST', '/api/v1/regions', { parentId: city.json().id, kind: 'subdistrict', code: '330483001', name: '梧桐街道' });
      expect(town.statusCode).toBe(201);

      // Its first city administrator, made by the platform administrator: an office administrator of that city only.
      const made = await call(app, ops, 'POST', '/api/v1/users', { username: 'tx_admin', displayName: '桐乡社工办', password: 'Tongxiang#2026a', grants: [{ role: 'officeAdmin', regionId: city.json().id }] });
      expect(made.statusCode).toBe(201);
      // Only a platform administrator hands out the platform administrator role.
      const office = await login(app, 'tx_admin', 'Tongxiang#2026a');
      await call(app, office, 'POST', '/api/v1/auth/password', { currentPassword: 'Tongxiang#2026a', newPassword: 'Tongxiang#2026b' });
      const officeAgain = await login(app, 'tx_admin', 'Tongxiang#2026b');
      expectProblem(await call(app, officeAgain, 'POST', '/api/v1/regions', { kind: 'city', code: '330482', name: '平湖市' }), 403, 'forbidden');
      const clerk = await call(app, officeAgain, 'POST', '/api/v1/users', { username: 'tx_clerk', displayName: '桐乡办事员', password: 'Tongxiang#2026c', grants: [{ role: 'platformAdmin' }] });
      expectProblem(clerk, 422, 'validation');
      expect(failedFields(clerk)).toEqual(['grants.0.role']);
      const offered = async (session: typeof ops) => (await call(app, session, 'GET', '/api/v1/roles')).json().items.map((r: { role: string }) => r.role);
      expect(await offered(ops)).toContain('platformAdmin');
      expect(await offered(officeAgain)).not.toContain('platformAdmin');
      // Nor does a city's office take over the platform administrator's account: it lies outside the city (404, as a missing one).
      const opsId = ops.userId;
      expectProblem(await call(app, officeAgain, 'POST', `/api/v1/users/${opsId}/reset-password`, { password: 'Takeover#2026z' }), 404, 'not_found');
      expect((await call(app, ops, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('npm start on an empty database without the variables stops with the message, not a stack', async () => {
    const dataDir = path.join(root, 'start');
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'TEST_DATABASE_URL', 'DATA_DIR', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'ADMIN_PASSWORD_FILE'].includes(k)));
    const env = { ...clean, PORT: '0', LOG_LEVEL: 'silent', JOBS: 'off', SEED_DEMO: 'false', DATA_DIR: dataDir, PII_KEY: inject('piiKey') };
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: process.cwd(), env, timeout: 90_000 }, (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr })),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('数据库中还没有管理员账号');
    expect(result.stderr).toContain('ADMIN_PASSWORD_FILE');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
