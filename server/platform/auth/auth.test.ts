import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, createTestApp, expectProblem, login, regionByCode, type TestApp } from '../../test/harness.js';
import { rows } from '../db/sql.js';
import { solveCaptcha } from '../../test/citizens.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function auditCount(action: string, username?: string) {
  const [r] = await rows<{ n: number }>(t.app.database.db, sql`select count(*)::int as n from audit_events where action = ${action} and (${username ?? null}::text is null or actor_username = ${username ?? null})`);
  return r.n;
}

describe('login', () => {
  it('signs in a demo account, sets an httpOnly session cookie and answers /me with roles and scopes', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'xucun', password: 'Shezhi@2026' } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sz_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `sz_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.username).toBe('xucun');
    expect(body.grants).toEqual([expect.objectContaining({ role: 'townStaff', scopeType: 'region', scopeName: '许村镇', roleName: '镇街工作人员' })]);
    expect(body.permissions).toContain('region.read');
    expect(body.permissions).not.toContain('region.manage');
  });

  it('refuses a wrong password with 401 problem+json in Chinese, English on request, and audits it', async () => {
    const before = await auditCount('auth.loginFailed', 'auditor');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'auditor', password: 'nope' } });
    const body = expectProblem(res, 401, 'invalid_credentials');
    expect(body.detail).toBe('用户名或密码错误，还可尝试 4 次（连续错误 5 次将锁定 15 分钟）。');
    expect(res.headers['set-cookie']).toBeUndefined();
    const en = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'auditor', password: 'nope' }, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(expectProblem(en, 401).detail).toBe('Wrong username or password; 3 attempts left before a 15-minute lock.');
    expect(await auditCount('auth.loginFailed', 'auditor')).toBe(before + 2);
    // reset the counter for the next tests
    await login(t.app, 'auditor');
  });

  it('refuses unknown fields and empty values with per-field errors', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '', password: 'x', remember: true } });
    const body = expectProblem(res, 422, 'validation') as unknown as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['username', 'remember']));
    expect(body.errors.find((e) => e.path === 'remember')!.message).toContain('未知');
  });

  it('locks the account for 15 minutes after 5 consecutive failures, even for the right password', async () => {
    const create = await call(t.app, await login(t.app, 'admin'), 'POST', '/api/v1/users', { username: 'locktest', displayName: '锁定测试', password: 'Lock-Test-2026', grants: [] });
    expect(create.statusCode).toBe(201);
    // From the third failure on, each try carries a captcha (citizen-accounts.test.ts tests the captcha itself).
    const attempt = async (password: string, i: number) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locktest', password, ...(i >= 3 ? await solveCaptcha(t.app) : {}) }, remoteAddress: '10.30.0.1' });
    for (let i = 0; i < 4; i++) expectProblem(await attempt('wrong-password', i), 401);
    const fifth = await attempt('wrong-password', 4);
    expect(expectProblem(fifth, 423, 'account_locked').detail).toContain('15 分钟');
    const right = await attempt('Lock-Test-2026', 5);
    expectProblem(right, 423, 'account_locked');
    expect(await auditCount('auth.locked', 'locktest')).toBe(1);
  });

  it('rate-limits login attempts per client address', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'wrong' } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const res = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'wrong' } });
      expectProblem(res, 429, 'rate_limited');
    } finally {
      await limited.close();
    }
  });
});

describe('sessions', () => {
  it('logout revokes the session on the server', async () => {
    const s = await login(t.app, 'admin');
    expect((await call(t.app, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await call(t.app, s, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expectProblem(await call(t.app, s, 'GET', '/api/v1/auth/me'), 401, 'unauthenticated');
  });

  it('ends a session idle for 30 minutes and one older than 12 hours', async () => {
    const expiredBefore = await auditCount('auth.sessionExpired');
    const idle = await login(t.app, 'admin');
    await t.app.database.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = ${idle.userId} and revoked_at is null`);
    expectProblem(await call(t.app, idle, 'GET', '/api/v1/auth/me'), 401);
    const old = await login(t.app, 'admin');
    await t.app.database.db.execute(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${old.userId} and revoked_at is null`);
    expectProblem(await call(t.app, old, 'GET', '/api/v1/auth/me'), 401);
    expect(await auditCount('auth.sessionExpired')).toBe(expiredBefore + 2);
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const s = await login(t.app, 'admin');
    const town = await regionByCode(t.app, '330481101');
    const noToken = await t.app.inject({ method: 'PATCH', url: `/api/v1/regions/${town.id}`, payload: { version: town.version, name: '改名' }, headers: { cookie: s.cookie } });
    expectProblem(noToken, 403, 'csrf');
    const wrong = await t.app.inject({ method: 'PATCH', url: `/api/v1/regions/${town.id}`, payload: { version: town.version, name: '改名' }, headers: { cookie: s.cookie, 'x-csrf-token': 'forged' } });
    expectProblem(wrong, 403, 'csrf');
    expect((await regionByCode(t.app, '330481101')).name).toBe('许村镇');
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });
});

describe('forced password change', () => {
  it('a created account must change its password first; the change ends its other sessions', async () => {
    const admin = await login(t.app, 'admin');
    const changan = await regionByCode(t.app, '330481103');
    const created = await call(t.app, admin, 'POST', '/api/v1/users', { username: 'changan01', displayName: '长安镇 张敏', password: 'Initial-Pass-2026', grants: [{ role: 'townStaff', regionId: changan.id }] });
    expect(created.statusCode).toBe(201);
    const first = await login(t.app, 'changan01', 'Initial-Pass-2026');
    const other = await login(t.app, 'changan01', 'Initial-Pass-2026');
    expect((await call(t.app, first, 'GET', '/api/v1/auth/me')).json().mustChangePassword).toBe(true);
    expectProblem(await call(t.app, first, 'GET', '/api/v1/regions/roots'), 403, 'password_change_required');

    const weak = await call(t.app, first, 'POST', '/api/v1/auth/password', { currentPassword: 'Initial-Pass-2026', newPassword: 'password123' });
    expect((expectProblem(weak, 422, 'validation') as unknown as { errors: { path: string }[] }).errors[0].path).toBe('newPassword');
    const badCurrent = await call(t.app, first, 'POST', '/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'Changan-Town-2026!' });
    expect((expectProblem(badCurrent, 422) as unknown as { errors: { path: string }[] }).errors[0].path).toBe('currentPassword');

    const changed = await call(t.app, first, 'POST', '/api/v1/auth/password', { currentPassword: 'Initial-Pass-2026', newPassword: 'Changan-Town-2026!' });
    expect(changed.statusCode).toBe(204);
    const fresh = changed.cookies.find((c) => c.name === 'sz_session')!;
    const session = { cookie: `sz_session=${fresh.value}`, csrf: '', userId: first.userId };
    const me = await call(t.app, session, 'GET', '/api/v1/auth/me');
    expect(me.json().mustChangePassword).toBe(false);
    expectProblem(await call(t.app, other, 'GET', '/api/v1/auth/me'), 401);
    expectProblem(await call(t.app, first, 'GET', '/api/v1/auth/me'), 401);
    const roots = await call(t.app, session, 'GET', '/api/v1/regions/roots');
    expect(roots.json().items.map((r: { name: string }) => r.name)).toEqual(['长安镇']);
  });
});

describe('API conventions', () => {
  it('answers bodies over 1 MiB with 413', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: JSON.stringify({ username: 'a', password: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('answers malformed JSON and unknown routes with problem+json, never a stack trace', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    const body = expectProblem(bad, 400, 'bad_request');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'route_not_found');
  });

  it('reports health and publishes OpenAPI 3.1 with every API route', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toEqual({ status: 'ok', db: t.database.kind, version: expect.any(String) });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/regions/{id}/children', '/api/v1/users', '/api/v1/audit/verify', '/api/v1/calendar']));
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });
});
