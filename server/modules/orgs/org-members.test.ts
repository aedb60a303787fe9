import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, expectProblem, login, useTestApp, type Session } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';
import { registerApplicant } from '../../test/citizens.js';
import { establishmentForm, fire, makeDecidingApplication } from '../applications/application-factories.js';

// Issue 15 §1: an approved organization gets its accounts — the applicant becomes its contact person, who (with the
// registration authority) adds members by phone, removes them and hands the contact role over; members read their
// own org (本组织) and nobody else's.

const ctx = useTestApp('admin', 'xucun', 'minzheng', 'weijian', 'auditor', 'jigou1');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;

let phoneSerial = 0;
async function registerCitizen(name: string): Promise<{ session: Session; phone: string }> {
  phoneSerial += 1;
  const phone = `1357000${String(4000 + phoneSerial).padStart(4, '0')}`;
  const res = await registerApplicant(app(), { phone, displayName: name, password: 'Zuzhi#2026ab' });
  expect(res.statusCode, res.body).toBe(201);
  return { session: await login(app(), phone, 'Zuzhi#2026ab'), phone };
}

/** A citizen files an establishment online and the office approves it: the new org and its founder's session. */
async function approvedOrg(name: string) {
  const founder = await registerCitizen('周建国');
  const caseId = await makeDecidingApplication(app(), { applicant: founder.session, admin: ctx.as.admin, minzheng: ctx.as.minzheng, weijian: ctx.as.weijian }, await establishmentForm(app(), { name }));
  const approved = await fire(app(), ctx.as.admin, caseId, 'approve');
  expect(approved.statusCode, approved.body).toBe(200);
  return { orgId: approved.json().orgId as string, founder, caseId };
}

const members = (s: Session, orgId: string) => call(app(), s, 'GET', `/api/v1/orgs/${orgId}/members`);
const audits = (orgId: string, action: string) => rows<{ actor_user_id: string; changes: unknown; detail: Record<string, unknown> }>(db(), sql`select actor_user_id, changes, detail from audit_events where entity_type = 'org' and entity_id = ${orgId} and action = ${action} order by seq`);
const notices = (userId: string, kind: string) => rows<{ title: string; link: string | null }>(db(), sql`select title, link from notifications where user_id = ${userId} and kind = ${kind} order by created_at`);

describe('an approved organization gets its accounts', () => {
  it('approval makes the online applicant the org’s member and contact person: audited, told, and able to act for it', async () => {
    const { orgId, founder } = await approvedOrg('海宁市许村镇同心账号测试服务中心');
    const me = (await call(app(), founder.session, 'GET', '/api/v1/auth/me')).json();
    expect(me.grants.map((g: { role: string }) => g.role).sort()).toEqual(['applicant', 'orgMember']);
    expect(me.permissions).toContain('org.members');
    expect((await call(app(), founder.session, 'GET', '/api/v1/orgs/mine')).json().items).toEqual([{ id: orgId, name: '海宁市许村镇同心账号测试服务中心', status: 'active', isContact: true }]);

    const accounts = (await members(founder.session, orgId)).json();
    expect(accounts).toMatchObject({ orgId, version: 1, contactUserId: founder.session.userId, abilities: { add: true, remove: false, transferContact: false } });
    expect(accounts.members).toEqual([expect.objectContaining({ userId: founder.session.userId, displayName: '周建国', isContact: true, phone: `${founder.phone.slice(0, 3)}****${founder.phone.slice(-4)}` })]);
    const [granted] = await audits(orgId, 'org.addMember');
    expect(granted.detail).toMatchObject({ userId: founder.session.userId, orgName: '海宁市许村镇同心账号测试服务中心' });
    expect(granted.detail.caseNumber).toMatch(/^SQ/);
    expect(await notices(founder.session.userId, 'org.memberAdded')).toEqual([{ title: '您已开通“海宁市许村镇同心账号测试服务中心”的组织账号', link: '/my-org' }]);

    // 本组织: the member reads its own record (it was 403) and its history; another org is 404, as a missing one.
    const own = await call(app(), founder.session, 'GET', `/api/v1/orgs/${orgId}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ id: orgId, status: 'active', legalRepIdNumber: '330481********0028' });
    expect((await call(app(), founder.session, 'GET', `/api/v1/orgs/${orgId}/history`)).json().items.map((h: { kind: string }) => h.kind)).toEqual(['establishment']);
    const [other] = await rows<{ id: string }>(db(), sql`select id from orgs where id <> ${orgId} order by name limit 1`);
    expectProblem(await call(app(), founder.session, 'GET', `/api/v1/orgs/${other.id}`), 404, 'not_found');
    expectProblem(await call(app(), founder.session, 'GET', `/api/v1/orgs/${other.id}/history`), 404, 'not_found');
    expectProblem(await members(founder.session, other.id), 404, 'not_found');
    expectProblem(await call(app(), founder.session, 'GET', `/api/v1/orgs/${other.id}/projects`), 404, 'not_found');
    expect((await call(app(), founder.session, 'GET', `/api/v1/orgs/${orgId}/projects`)).statusCode).toBe(200);

    // The new org files its first annual report: the application is opened for it.
    const report = await call(app(), founder.session, 'POST', '/api/v1/applications', {
      kind: 'annualReport',
      form: { orgId, year: 2026, revenueFen: 120_000_00, expenditureFen: 98_000_00, activityCount: 12, beneficiaryCount: 340, staffCount: 5, summary: '本年度开展助餐、助浴和日间照料服务共 12 场。' },
    });
    expect(report.statusCode, report.body).toBe(201);
  });

  it('the contact person adds a registered citizen by phone, refuses unknown phones and duplicates, and checks the version', async () => {
    const { orgId, founder } = await approvedOrg('海宁市许村镇添加成员测试服务中心');
    const colleague = await registerCitizen('沈丽');
    const unknown = await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: '13999990000', version: 1 });
    const problem = expectProblem(unknown, 422, 'validation') as unknown as { errors: { path: string; message: string }[] };
    expect(problem.errors[0]).toMatchObject({ path: 'phone' });
    expect(problem.errors[0].message).toContain('尚未注册账号');
    const badPhone = await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: '12345', version: 1 });
    expect((expectProblem(badPhone, 422) as unknown as { errors: { path: string }[] }).errors[0].path).toBe('phone');
    expect((await members(founder.session, orgId)).json().version).toBe(1);

    const added = await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: colleague.phone, version: 1 });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ version: 2, contactUserId: founder.session.userId, abilities: { add: true, remove: true, transferContact: true } });
    expect(added.json().members.map((m: { displayName: string; isContact: boolean }) => [m.displayName, m.isContact])).toEqual([['周建国', true], ['沈丽', false]]);
    expect(await notices(colleague.session.userId, 'org.memberAdded')).toHaveLength(1);
    expect((await audits(orgId, 'org.addMember')).at(-1)!.actor_user_id).toBe(founder.session.userId);
    // The new member acts for the org at once (their session reloads its grants) and reads it.
    expect((await call(app(), colleague.session, 'GET', `/api/v1/orgs/${orgId}`)).statusCode).toBe(200);

    expectProblem(await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: colleague.phone, version: 2 }), 409, 'duplicate');
    const stale = await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: founder.phone, version: 1 });
    expectProblem(stale, 409, 'conflict');
    expect(stale.json().currentVersion).toBe(2);
  });

  it('two changes made at once from the same version: one wins, the other is refused 409 and changes nothing', async () => {
    const { orgId, founder } = await approvedOrg('海宁市许村镇并发成员测试服务中心');
    const [a, b] = [await registerCitizen('钱一'), await registerCitizen('孙二')];
    const results = await Promise.all([a, b].map((p) => call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: p.phone, version: 1 })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const after = (await members(founder.session, orgId)).json();
    expect(after.version).toBe(2);
    expect(after.members).toHaveLength(2);
  });

  it('the contact person is never removed; the role is handed over, then the old contact may be removed', async () => {
    const { orgId, founder } = await approvedOrg('海宁市许村镇联系人转交测试服务中心');
    const lastOne = await call(app(), founder.session, 'DELETE', `/api/v1/orgs/${orgId}/members/${founder.session.userId}?version=1`);
    expect(expectProblem(lastOne, 409, 'invalid_state').detail).toContain('唯一的联系人');
    const colleague = await registerCitizen('吴芳');
    await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: colleague.phone, version: 1 });
    const stillContact = await call(app(), ctx.as.admin, 'DELETE', `/api/v1/orgs/${orgId}/members/${founder.session.userId}?version=2`);
    expect(expectProblem(stillContact, 409, 'invalid_state').detail).toContain('请先把联系人转交给其他成员');

    // A member who is not the contact may read the list but not change it.
    expect((await members(colleague.session, orgId)).json().abilities).toEqual({ add: false, remove: false, transferContact: false });
    expectProblem(await call(app(), colleague.session, 'DELETE', `/api/v1/orgs/${orgId}/members/${founder.session.userId}?version=2`), 403, 'forbidden');
    expectProblem(await call(app(), colleague.session, 'POST', `/api/v1/orgs/${orgId}/contact`, { userId: colleague.session.userId, version: 2 }), 403, 'forbidden');

    const outsider = await registerCitizen('郑外');
    expectProblem(await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/contact`, { userId: outsider.session.userId, version: 2 }), 422, 'validation');
    const handed = await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/contact`, { userId: colleague.session.userId, version: 2 });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json()).toMatchObject({ version: 3, contactUserId: colleague.session.userId });
    expect((await audits(orgId, 'org.transferContact'))[0].changes).toEqual({ contact: { before: '周建国', after: '吴芳' } });
    expect(await notices(colleague.session.userId, 'org.contactTransferred')).toHaveLength(1);
    // The founder is a member still, no longer the contact: refused what only the contact does.
    expectProblem(await call(app(), founder.session, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: outsider.phone, version: 3 }), 403, 'forbidden');

    const removed = await call(app(), colleague.session, 'DELETE', `/api/v1/orgs/${orgId}/members/${founder.session.userId}?version=3`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().members.map((m: { displayName: string }) => m.displayName)).toEqual(['吴芳']);
    expect((await audits(orgId, 'org.removeMember'))[0]).toMatchObject({ actor_user_id: colleague.session.userId, changes: { members: { before: '周建国', after: null } } });
    expect(await notices(founder.session.userId, 'org.memberRemoved')).toHaveLength(1);
    // The removed member's session no longer reaches the org.
    expectProblem(await call(app(), founder.session, 'GET', `/api/v1/orgs/${orgId}`), 404, 'not_found');
    expect((await call(app(), founder.session, 'GET', '/api/v1/orgs/mine')).json().items).toEqual([]);
  });

  it('the registration authority manages any org in its reach; town staff read the list but change nothing; strangers see nothing', async () => {
    const { orgId, founder } = await approvedOrg('海宁市许村镇登记机关管理测试服务中心');
    const helper = await registerCitizen('冯助');
    const byOffice = await call(app(), ctx.as.admin, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: helper.phone, version: 1 });
    expect(byOffice.statusCode, byOffice.body).toBe(201);
    expect((await audits(orgId, 'org.addMember')).at(-1)!.actor_user_id).toBe(ctx.as.admin.userId);
    const handed = await call(app(), ctx.as.admin, 'POST', `/api/v1/orgs/${orgId}/contact`, { userId: helper.session.userId, version: 2 });
    expect(handed.json().contactUserId).toBe(helper.session.userId);
    expect(await notices(founder.session.userId, 'org.contactTransferred')).toHaveLength(1);

    // 许村镇's staff read the registry there: they see the list, and the gate refuses them any change.
    expect((await members(ctx.as.xucun, orgId)).json().abilities).toEqual({ add: false, remove: false, transferContact: false });
    expectProblem(await call(app(), ctx.as.xucun, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: helper.phone, version: 3 }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.auditor, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: helper.phone, version: 3 }), 403, 'forbidden');
    // Another org's member holds org.members for their own org only: here they are answered 404, as if it did not exist.
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: helper.phone, version: 3 }), 404, 'not_found');
    expectProblem(await members(ctx.as.jigou1, orgId), 404, 'not_found');
    expectProblem(await call(app(), null, 'GET', `/api/v1/orgs/${orgId}/members`), 401);
    // Nothing changed by the refusals.
    expect((await members(ctx.as.admin, orgId)).json().version).toBe(3);
  });

  it('an org whose members were granted elsewhere (the demo accounts) has its earliest member as contact; the first change stores it', async () => {
    const [{ orgId }] = await rows<{ orgId: string }>(db(), sql`select org_id as "orgId" from role_grants where user_id = ${ctx.as.jigou1.userId} and role = 'orgMember'`);
    const [{ n: stored }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from org_accounts where org_id = ${orgId}`);
    expect(stored).toBe(0);
    expect((await call(app(), ctx.as.jigou1, 'GET', '/api/v1/orgs/mine')).json().items).toEqual([expect.objectContaining({ id: orgId, isContact: true })]);
    const before = (await members(ctx.as.jigou1, orgId)).json();
    expect(before).toMatchObject({ version: 0, contactUserId: ctx.as.jigou1.userId, abilities: { add: true } });
    expect(expectProblem(await call(app(), ctx.as.jigou1, 'DELETE', `/api/v1/orgs/${orgId}/members/${ctx.as.jigou1.userId}?version=0`), 409, 'invalid_state').detail).toContain('联系人');
    const colleague = await registerCitizen('蒋平');
    const added = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/orgs/${orgId}/members`, { phone: colleague.phone, version: 0 });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ version: 1, contactUserId: ctx.as.jigou1.userId });
    const [row] = await rows<{ contact_user_id: string; version: number }>(db(), sql`select contact_user_id, version from org_accounts where org_id = ${orgId}`);
    expect(row).toEqual({ contact_user_id: ctx.as.jigou1.userId, version: 1 });
  });

  it('user administration grants and revokes 社会组织成员 on an org through the same rules', async () => {
    const { orgId, founder } = await approvedOrg('海宁市许村镇用户管理授权测试服务中心');
    const citizen = await registerCitizen('褚明');
    const granted = await call(app(), ctx.as.admin, 'POST', `/api/v1/users/${citizen.session.userId}/grants`, { role: 'orgMember', orgId });
    expect(granted.statusCode, granted.body).toBe(201);
    expect(granted.json().grants).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'orgMember', scopeType: 'org', scopeId: orgId, scopeName: '海宁市许村镇用户管理授权测试服务中心' })]));
    expect((await members(ctx.as.admin, orgId)).json().members).toHaveLength(2);
    const noOrg = await call(app(), ctx.as.admin, 'POST', `/api/v1/users/${citizen.session.userId}/grants`, { role: 'orgMember' });
    expect((expectProblem(noOrg, 422) as unknown as { errors: { path: string }[] }).errors[0].path).toBe('orgId');

    // The founder's grant is the contact's: revoking it is refused as removing them is.
    const founderUser = (await call(app(), ctx.as.admin, 'GET', `/api/v1/users/${founder.session.userId}`)).json();
    const founderGrant = founderUser.grants.find((g: { role: string }) => g.role === 'orgMember');
    expectProblem(await call(app(), ctx.as.admin, 'DELETE', `/api/v1/users/${founder.session.userId}/grants/${founderGrant.id}`), 409, 'invalid_state');
    const citizenGrant = granted.json().grants.find((g: { role: string }) => g.role === 'orgMember');
    const revoked = await call(app(), ctx.as.admin, 'DELETE', `/api/v1/users/${citizen.session.userId}/grants/${citizenGrant.id}`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await members(ctx.as.admin, orgId)).json().members).toHaveLength(1);
    expect(await audits(orgId, 'org.removeMember')).toHaveLength(1);
  });
});
