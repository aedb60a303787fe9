import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { fire, makeSubmittedApplication } from '../../modules/applications/application-factories.js';
import { caseTypeOf, registerCaseType } from '../cases/define.js';
import { rows } from '../db/sql.js';
import { call, expectProblem, useTestApp, type Session } from '../../test/harness.js';

/**
 * Issue 14 §2: every problem reason in zh-CN and en. Real refusals read both ways: English with
 * `Accept-Language: en`, Chinese (unchanged) otherwise — the detail word for word.
 */
const ctx = useTestApp('admin', 'shenqing');
const app = () => ctx.t.app;
const EN = { 'accept-language': 'en-US,en;q=0.9' };

const caseVersion = async (id: string) => (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${id}`)).json<{ version: number }>().version;

/** The same request in Chinese (no header) and in English: their problem documents. */
async function bothWays(send: (headers: Record<string, string>) => Promise<LightMyRequestResponse>, status: number, code: string) {
  const zh = expectProblem(await send({}), status, code);
  const en = expectProblem(await send(EN), status, code);
  return { zh, en };
}

describe('a problem’s reason follows the request language', () => {
  it('editing a submitted application: 409 invalid_state from the case type’s refusal', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const { version, form } = (await call(app(), ctx.as.shenqing, 'GET', `/api/v1/applications/${id}`)).json<{ version: number; form: Record<string, unknown> }>();
    const { zh, en } = await bothWays((headers) => call(app(), ctx.as.shenqing, 'PUT', `/api/v1/applications/${id}/form`, { version, form }, headers), 409, 'invalid_state');
    expect(zh.title).toBe('当前状态不允许此操作');
    expect(zh.detail).toBe('申请已提交，不能再修改；如需补正请等待一次性告知。');
    expect(en.title).toBe('Not allowed in this state');
    expect(en.detail).toBe('The application has been submitted and can no longer be changed; if anything must be supplemented, wait for the one-time notice.');
  });

  it('an event the state does not allow: 409 naming the state and the events it allows', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const version = await caseVersion(id);
    const { zh, en } = await bothWays((headers) => call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${id}/transitions`, { event: 'approve', version }, headers), 409, 'invalid_state');
    expect(zh.detail).toBe('当前状态“已提交待受理”下不能执行此操作；可执行的操作：requestSupplement（一次性告知）、accept（受理）、reject（不予批准）、withdraw（撤回）。');
    expect(en.detail).toBe('This action is not possible in the state "Submitted"; possible actions: requestSupplement (Send one-time notice), accept (Accept), reject (Reject), withdraw (Withdraw).');
  });

  it('a transition guard refuses in both languages', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const original = caseTypeOf('application');
    const guard = () => ({ zh: '测试：受理前须核对原件。', en: 'Test: check the originals before accepting.' });
    registerCaseType({ ...original, transitions: original.transitions.map((t) => (t.event === 'accept' ? { ...t, guard } : t)) });
    try {
      const version = await caseVersion(id);
      const { zh, en } = await bothWays((headers) => call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${id}/transitions`, { event: 'accept', version }, headers), 409, 'invalid_state');
      expect(zh.detail).toBe('测试：受理前须核对原件。');
      expect(en.detail).toBe('Test: check the originals before accepting.');
    } finally {
      registerCaseType(original);
    }
    const accepted = await fire(app(), ctx.as.admin, id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('a weak password at registration: 422 weak_password with the policy’s reason', async () => {
    const { zh, en } = await bothWays((headers) => call(app(), null, 'POST', '/api/v1/applicants', { phone: '13588887701', smsCode: '123456', displayName: '沈明', password: 'Short-1a' }, headers), 422, 'weak_password');
    expect(zh.detail).toBe('密码至少 10 位。');
    expect(en.title).toBe('Password too weak');
    expect(en.detail).toBe('The password must have at least 10 characters.');
  });

  it('a weak new password on change-password: 422 naming newPassword in the request language', async () => {
    const session: Session = ctx.as.shenqing;
    const { zh, en } = await bothWays((headers) => call(app(), session, 'POST', '/api/v1/auth/password', { currentPassword: 'Shezhi@2026', newPassword: 'password123' }, headers), 422, 'validation');
    const errors = (p: unknown) => (p as { errors: { path: string; message: string }[] }).errors;
    expect(errors(zh)).toEqual([{ path: 'newPassword', message: '密码须包含大写字母、小写字母、数字、符号中的至少三类。' }]);
    expect(en.detail).toBe('The request did not pass validation.');
    expect(errors(en)).toEqual([{ path: 'newPassword', message: 'Use at least three of: uppercase, lowercase, digits, symbols.' }]);
  });

  it('a reason with values in it carries the same values in English: retiring a region that has active children', async () => {
    const [town] = await rows<{ id: string; version: number; active: number }>(
      app().database.db,
      sql`select r.id, r.version, (select count(*)::int from regions c where c.parent_id = r.id and c.retired_at is null) as active
          from regions r where r.level = 'town' and r.retired_at is null order by r.code limit 1`,
    );
    expect(town.active).toBeGreaterThan(0);
    const { zh, en } = await bothWays((headers) => call(app(), ctx.as.admin, 'POST', `/api/v1/regions/${town.id}/retire`, { version: town.version, reason: '测试' }, headers), 409, 'invalid_state');
    expect(zh.detail).toBe(`该区域下还有 ${town.active} 个未撤销的下级区域，请先撤销或移走。`);
    expect(en.detail).toBe(`This region still has ${town.active} active subregions; retire or move them first.`);
  });

  it('a refusal outside the case engine: an administrator disabling their own account', async () => {
    const me = (await call(app(), ctx.as.admin, 'GET', `/api/v1/users/${ctx.as.admin.userId}`)).json<{ version: number }>();
    const { zh, en } = await bothWays((headers) => call(app(), ctx.as.admin, 'POST', `/api/v1/users/${ctx.as.admin.userId}/disable`, { version: me.version }, headers), 409, 'invalid_state');
    expect(zh.detail).toBe('不能停用自己的账号。');
    expect(en.detail).toBe('You cannot disable your own account.');
  });
});
