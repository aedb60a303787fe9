import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/sql.js';
import { call, expectProblem, useTestApp } from '../../../test/harness.js';
import { makeCallingProject, makeImplementingProject } from '../project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'auditor', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2', 'dudao1', 'xucun');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function userId(username: string) {
  const [u] = await rows<{ id: string }>(db(), sql`select id from users where username = ${username}`);
  return u.id;
}

const visit = (overrides: Record<string, unknown> = {}) => ({
  kind: 'midterm',
  visitedOn: today(),
  findings: '服务档案不完整，部分探访记录缺少服务对象签字。',
  result: 'rectify',
  rectifications: [{ item: '补齐服务档案中的探访签字', workingDays: 10 }],
  ...overrides,
});

describe('third-party supervisors', () => {
  it('sees only the projects the office names them on, records visits there and reviews the rectification', async () => {
    const id = await makeImplementingProject(app(), s());
    const other = await makeImplementingProject(app(), s());
    const dudao = await userId('dudao1');

    // Before being named: the project is invisible and a visit is refused without revealing it exists.
    expectProblem(await call(app(), ctx.as.dudao1, 'GET', `/api/v1/projects/${id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.dudao1, 'POST', `/api/v1/projects/${id}/supervision`, visit()), 404, 'not_found');
    // (The demo data names dudao1 on some of its projects; these tests' projects are new.)
    const worklist = async () => (await call(app(), ctx.as.dudao1, 'GET', '/api/v1/supervision/mine')).json().items as { projectId: string }[];
    const entry = async (projectId: string) => (await worklist()).filter((x) => x.projectId === projectId);
    expect(await entry(id)).toEqual([]);

    // Only the office names supervisors, and only people holding the supervisor role.
    expectProblem(await call(app(), ctx.as.weijian, 'POST', `/api/v1/projects/${id}/supervisors`, { userIds: [dudao] }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.auditor, 'POST', `/api/v1/projects/${id}/supervisors`, { userIds: [dudao] }), 403, 'forbidden');
    const notSupervisor = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervisors`, { userIds: [await userId('zhuanjia1')] });
    expect((expectProblem(notSupervisor, 422, 'validation') as unknown as { errors: { message: string }[] }).errors[0].message).toBe('所选人员不是在册的第三方督导人员');
    const named = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervisors`, { userIds: [dudao, dudao] });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json().items.map((x: { name: string; addedByName: string }) => [x.name, x.addedByName])).toEqual([['陈静（第三方督导）', '社工办管理员']]);
    const [note] = await rows<{ title: string }>(db(), sql`select title from notifications where user_id = ${dudao} and kind = 'project.supervisorAssigned'`);
    expect(note.title).toMatch(/^督导任务：/);
    // Naming again changes nothing.
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervisors`, { userIds: [dudao] })).json().items).toHaveLength(1);

    // Now the supervisor sees the project, its case file and its worklist entry, but not the other project.
    expect((await call(app(), ctx.as.dudao1, 'GET', `/api/v1/projects/${id}`)).statusCode).toBe(200);
    expect((await call(app(), ctx.as.dudao1, 'GET', `/api/v1/cases/${id}`)).statusCode).toBe(200);
    expectProblem(await call(app(), ctx.as.dudao1, 'GET', `/api/v1/projects/${other}`), 404, 'not_found');
    const mine = await entry(id);
    expect(mine).toHaveLength(1);
    expect(await entry(other)).toEqual([]);
    expect(mine[0]).toMatchObject({ projectId: id, state: 'implementing', stateName: '项目实施', visits: 0, openRectifications: 0, awaitingReview: 0 });
    // The provider sees who supervises it.
    expect((await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/supervisors`)).json().items).toHaveLength(1);

    // The supervisor records a visit; the office's acts stay the office's.
    const v = await call(app(), ctx.as.dudao1, 'POST', `/api/v1/projects/${id}/supervision`, visit());
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json()).toMatchObject({ supervisorName: '陈静（第三方督导）', cleared: false });
    expectProblem(await call(app(), ctx.as.dudao1, 'POST', `/api/v1/projects/${other}/supervision`, visit()), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.dudao1, 'POST', `/api/v1/projects/${id}/supervisors`, { userIds: [dudao] }), 403, 'forbidden');
    const [audit] = await rows<{ role: string | null }>(db(), sql`select acting_role as role from audit_events where action = 'project.supervise' and entity_id = ${id}`);
    expect(audit.role).toBe('supervisor');

    // The provider answers; the supervisor is told and closes the item, which clears the visit.
    const item = v.json().rectifications[0] as { id: string; version: number };
    const answered = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/rectifications/${item.id}/response`, { response: '已逐户补签，档案已更新。', version: item.version, attachmentIds: [] });
    expect(answered.statusCode, answered.body).toBe(200);
    const [told] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from notifications where user_id = ${dudao} and kind = 'project.rectification' and case_id = ${id}`);
    expect(told.n).toBe(1);
    expect((await entry(id))[0]).toMatchObject({ visits: 1, openRectifications: 0, awaitingReview: 1 });
    // What waits on the supervisor comes first.
    expect((await worklist())[0].projectId).toBe(id);
    const closed = await call(app(), ctx.as.dudao1, 'POST', `/api/v1/rectifications/${item.id}/review`, { accept: true, version: answered.json().version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe('closed');
    const visits = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/supervision`)).json().items;
    expect(visits[0].cleared).toBe(true);

    // Removing the supervisor ends the access at once; the record of their work stays.
    expectProblem(await call(app(), ctx.as.admin, 'DELETE', `/api/v1/projects/${id}/supervisors/${await userId('zhuanjia1')}`), 404, 'not_found');
    const removed = await call(app(), ctx.as.admin, 'DELETE', `/api/v1/projects/${id}/supervisors/${dudao}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().items).toEqual([]);
    expect(await entry(id)).toEqual([]);
    expectProblem(await call(app(), ctx.as.dudao1, 'GET', `/api/v1/projects/${id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.dudao1, 'POST', `/api/v1/projects/${id}/supervision`, visit()), 404, 'not_found');
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/supervision`)).json().items[0].supervisorName).toBe('陈静（第三方督导）');
    const [trail] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from case_participants where case_id = ${id} and removed_at is not null`);
    expect(trail.n).toBe(1);
  });

  it('refuses supervisors before there is a provider, and everyone but a supervisor the worklist', async () => {
    const calling = await makeCallingProject(app(), s());
    const r = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${calling}/supervisors`, { userIds: [await userId('dudao1')] });
    expect(expectProblem(r, 409, 'invalid_state').detail).toContain('确定承接方之后');
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${calling}/supervisors`, { userIds: [] }), 422, 'validation');
    expectProblem(await call(app(), ctx.as.jigou1, 'GET', '/api/v1/supervision/mine'), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.xucun, 'GET', '/api/v1/supervision/mine'), 403, 'forbidden');
    expectProblem(await call(app(), null, 'GET', '/api/v1/supervision/mine'), 401, 'unauthenticated');
    expect((await call(app(), ctx.as.admin, 'GET', '/api/v1/supervisors')).json().items.map((x: { name: string }) => x.name)).toEqual(['陈静（第三方督导）']);
    expectProblem(await call(app(), ctx.as.dudao1, 'GET', '/api/v1/supervisors'), 403, 'forbidden');
  });
});
