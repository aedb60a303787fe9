import { describe, expect, it } from 'vitest';
import { call, expectProblem, login, regionByCode, useTestApp } from '../../test/harness.js';
import type { LightMyRequestResponse } from 'fastify';

/** The fields a 422 names, in order: a refusal must say which input was wrong, not only that one was. */
const failedFields = (res: LightMyRequestResponse, code?: string) => ((expectProblem(res, 422, code) as unknown as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

const ctx = useTestApp('admin', 'xucun', 'auditor');

const body = (username: string, grants: unknown[] = []) => ({ username, displayName: '测试用户', password: 'Strong-Pass-2026', grants });

describe('user administration', () => {
  it('creates a department staff user scoped to a service department', async () => {
    const depts = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/departments')).json().items as { id: string; name: string; isServiceDepartment: boolean }[];
    expect(depts.length).toBeGreaterThanOrEqual(30);
    expect(depts.filter((d) => d.isServiceDepartment)).toHaveLength(15);
    const mz = depts.find((d) => d.name === '海宁市民政局')!;
    const res = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', body('mzj01', [{ role: 'departmentStaff', departmentId: mz.id }]));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'mzj01', status: 'active', mustChangePassword: true, grants: [{ role: 'departmentStaff', scopeName: '海宁市民政局' }] });
  });

  it('refuses a duplicate username, a weak password and a grant on the wrong level, creating nothing', async () => {
    expectProblem(await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', body('ADMIN')), 409, 'duplicate');
    const weak = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', { ...body('weakling'), password: 'abcdefghij' });
    expect((expectProblem(weak, 422) as unknown as { errors: { path: string }[] }).errors[0].path).toBe('password');
    const community = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/regions?level=community&limit=1')).json().items[0];
    const wrongLevel = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', body('wronglevel', [{ role: 'townStaff', regionId: community.id }]));
    expect((expectProblem(wrongLevel, 422) as unknown as { errors: { path: string; message: string }[] }).errors[0]).toMatchObject({ path: 'grants.0.regionId' });
    const noScope = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', body('noscope', [{ role: 'townStaff' }]));
    expect(failedFields(noScope)).toEqual(['grants.0.regionId']);
    const list = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/users?q=wrong')).json();
    expect(list.items).toHaveLength(0);
    expect((await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/users?q=weak')).json().items).toHaveLength(0);
  });

  it('grants and revokes roles; disabling a user ends their sessions at once', async () => {
    const xc = await regionByCode(ctx.t.app, '330481101');
    const created = (await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', body('worker01'))).json();
    const granted = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/users/${created.id}/grants`, { role: 'socialWorker', regionId: xc.id });
    expect(granted.statusCode).toBe(201);
    const grantId = granted.json().grants[0].id;
    expectProblem(await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/users/${created.id}/grants`, { role: 'socialWorker', regionId: xc.id }), 409, 'duplicate');

    const target = await login(ctx.t.app, 'xucun');
    const xucunUser = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/users?q=xucun')).json().items[0];
    const disabled = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/users/${xucunUser.id}/disable`, { version: xucunUser.version });
    expect(disabled.json().status).toBe('disabled');
    expectProblem(await call(ctx.t.app, target, 'GET', '/api/v1/auth/me'), 401);
    expectProblem(await ctx.t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'xucun', password: 'Shezhi@2026' } }), 403, 'account_disabled');
    const stale = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/users/${xucunUser.id}/enable`, { version: xucunUser.version });
    expectProblem(stale, 409, 'conflict');
    const enabled = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/users/${xucunUser.id}/enable`, { version: xucunUser.version + 1 });
    expect(enabled.json().status).toBe('active');
    ctx.as.xucun = await login(ctx.t.app, 'xucun');

    const revoked = await call(ctx.t.app, ctx.as.admin, 'DELETE', `/api/v1/users/${created.id}/grants/${grantId}`);
    expect(revoked.json().grants).toHaveLength(0);
  });

  it('resets a password: the user must change it at next sign-in', async () => {
    const created = (await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', body('resetme'))).json();
    const res = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/users/${created.id}/reset-password`, { password: 'Another-Pass-2026' });
    expect(res.json().mustChangePassword).toBe(true);
    const s = await login(ctx.t.app, 'resetme', 'Another-Pass-2026');
    expect((await call(ctx.t.app, s, 'GET', '/api/v1/auth/me')).json().mustChangePassword).toBe(true);
  });

  it('lets the auditor read users but not change them; a town user may not even list them', async () => {
    const list = await call(ctx.t.app, ctx.as.auditor, 'GET', '/api/v1/users');
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0].abilities).toEqual({ update: false, disable: false, enable: false, resetPassword: false, grant: false });
    expectProblem(await call(ctx.t.app, ctx.as.auditor, 'POST', '/api/v1/users', body('sneaky')), 403, 'forbidden');
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'GET', '/api/v1/users'), 403, 'forbidden');
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'POST', '/api/v1/users', body('sneaky2')), 403, 'forbidden');
  });

  it('an administrator cannot disable themselves', async () => {
    expectProblem(await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/users/${ctx.as.admin.userId}/disable`, { version: 1 }), 409, 'invalid_state');
  });

  it('a grant on a region that is later retired no longer gives any reach', async () => {
    const grid = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/regions?level=grid&limit=1')).json().items[0];
    const created = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', body('gridworker', [{ role: 'socialWorker', regionId: grid.id }]));
    expect(created.statusCode).toBe(201);
    const s = await login(ctx.t.app, 'gridworker', 'Strong-Pass-2026');
    expect((await call(ctx.t.app, s, 'GET', '/api/v1/auth/me')).json().grants).toHaveLength(1);
    expect((await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/regions/${grid.id}/retire`, { version: grid.version, reason: '网格合并' })).statusCode).toBe(200);
    expect((await call(ctx.t.app, s, 'GET', '/api/v1/auth/me')).json().grants).toHaveLength(0);
  });
});
