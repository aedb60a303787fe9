import { describe, expect, it } from 'vitest';
import { call, expectProblem, useTestApp } from '../../test/harness.js';
import { PDF_BYTES, multipart } from '../applications/application-factories.js';
import { expireNotice, makeImplementingProject, makeProposedProject, makeScoredProject } from '../projects/project-factories.js';
import { fire } from '../applications/application-factories.js';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';

const ctx = useTestApp('admin', 'weijian', 'auditor', 'xucun', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2');
const app = () => ctx.t.app;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

describe('the three meetings', () => {
  it('schedules a launch briefing for a batch, tells the providers, and publishes it with minutes and files', async () => {
    const id = await makeImplementingProject(app(), s());
    const body = { kind: 'launchBriefing', title: '2026 年度政府购买社会工作服务项目新闻发布会', startsAt: '2026-12-08T09:30:00+08:00', place: '社立方一楼报告厅', projectIds: [id], attendees: ['市委社工办', '卫健局', '承接机构代表'] };
    expectProblem(await call(app(), ctx.as.weijian, 'POST', '/api/v1/meetings', body), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/meetings', { ...body, projectIds: [crypto.randomUUID()] }), 422, 'validation');
    const created = await call(app(), ctx.as.admin, 'POST', '/api/v1/meetings', body);
    expect(created.statusCode).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({ kindName: '新闻发布会', publishedAt: null, projects: [{ id }] });
    const bell = (await call(app(), ctx.as.jigou1, 'GET', '/api/v1/notifications')).json().items as { title: string }[];
    expect(bell.some((n) => n.title.includes('新闻发布会'))).toBe(true);

    expect((await call(app(), ctx.as.weijian, 'GET', '/api/v1/meetings?year=2026')).json().items.map((x: { id: string }) => x.id)).toContain(m.id);
    // Another department's unpublished meeting stays with the office.
    const [other] = await rows<{ id: string }>(ctx.t.app.database.db, sql`select c.id from cases c join service_projects p on p.case_id = c.id join departments d on d.id = p.department_id where d.short_name = '民政局' and c.state = 'implementing' limit 1`);
    const theirs = (await call(app(), ctx.as.admin, 'POST', '/api/v1/meetings', { ...body, title: '民政局项目督导见面会（内部）', kind: 'supervisionMeeting', projectIds: [other.id] })).json();
    expect((await call(app(), ctx.as.weijian, 'GET', '/api/v1/meetings?year=2026')).json().items.map((x: { id: string }) => x.id)).not.toContain(theirs.id);
    expectProblem(await call(app(), ctx.as.weijian, 'GET', `/api/v1/meetings/${theirs.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.xucun, 'GET', '/api/v1/meetings'), 403, 'forbidden');
    expect((await call(app(), null, 'GET', '/api/v1/public/meetings')).json().items.map((x: { id: string }) => x.id)).not.toContain(m.id);

    const { payload, headers } = multipart({}, { name: '发布会议程.pdf', content: PDF_BYTES });
    const upload = await app().inject({ method: 'POST', url: `/api/v1/meetings/${m.id}/attachments`, payload, headers: { ...headers, cookie: ctx.as.admin.cookie, 'x-csrf-token': ctx.as.admin.csrf } });
    expect(upload.statusCode).toBe(201);
    const file = upload.json().attachments[0] as { id: string };
    expectProblem(await call(app(), null, 'GET', `/api/v1/meetings/${m.id}/attachments/${file.id}`), 404, 'not_found');
    expect((await call(app(), ctx.as.weijian, 'GET', `/api/v1/meetings/${m.id}/attachments/${file.id}`)).statusCode).toBe(200);

    expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/meetings/${m.id}`, { version: 1, published: true }), 422, 'validation');
    const published = await call(app(), ctx.as.admin, 'PATCH', `/api/v1/meetings/${m.id}`, { version: 1, minutes: '会议通报了年度项目安排，承接机构作表态发言。', published: true });
    expect(published.json().publishedAt).not.toBeNull();
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/meetings/${m.id}`, { version: 1, place: '改期' }), 409, 'conflict');
    const pub = (await call(app(), null, 'GET', '/api/v1/public/meetings?year=2026')).json().items as { id: string; minutes: string }[];
    expect(pub.find((x) => x.id === m.id)?.minutes).toContain('表态发言');
    const download = await call(app(), null, 'GET', `/api/v1/meetings/${m.id}/attachments/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
  });
});

describe('cancelling a meeting and removing a file', () => {
  const body = (id: string) => ({ kind: 'supervisionMeeting', title: '2026 年度项目中期督导见面会', startsAt: '2026-11-18T14:00:00+08:00', place: '社立方二楼会议室', projectIds: [id], attendees: ['市委社工办'] });
  const upload = async (meetingId: string) => {
    const { payload, headers } = multipart({}, { name: '误传的材料.pdf', content: PDF_BYTES });
    return app().inject({ method: 'POST', url: `/api/v1/meetings/${meetingId}/attachments`, payload, headers: { ...headers, cookie: ctx.as.admin.cookie, 'x-csrf-token': ctx.as.admin.csrf } });
  };

  it('cancels with a reason, keeps the meeting public as cancelled, and refuses everything after', async () => {
    const id = await makeImplementingProject(app(), s());
    const m = (await call(app(), ctx.as.admin, 'POST', '/api/v1/meetings', body(id))).json();
    const file = (await upload(m.id)).json().attachments[0] as { id: string };
    const published = (await call(app(), ctx.as.admin, 'PATCH', `/api/v1/meetings/${m.id}`, { version: 1, minutes: '会议安排了中期督导的内容和时间。', published: true })).json();
    expect(published.version).toBe(2);
    const fileUrl = `/api/v1/meetings/${m.id}/attachments/${file.id}`;
    expect((await call(app(), null, 'GET', fileUrl)).statusCode).toBe(200);

    expectProblem(await call(app(), ctx.as.weijian, 'POST', `/api/v1/meetings/${m.id}/cancel`, { version: 2, reason: '场地冲突' }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.xucun, 'POST', `/api/v1/meetings/${m.id}/cancel`, { version: 2, reason: '场地冲突' }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/meetings/${m.id}/cancel`, { version: 2, reason: ' ' }), 422, 'validation');
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/meetings/${m.id}/cancel`, { version: 1, reason: '场地冲突' }), 409, 'conflict');
    const unchanged = (await call(app(), ctx.as.admin, 'GET', `/api/v1/meetings/${m.id}`)).json();
    expect(unchanged).toMatchObject({ cancelledAt: null, cancelReason: null, version: 2 });

    const cancelled = await call(app(), ctx.as.admin, 'POST', `/api/v1/meetings/${m.id}/cancel`, { version: 2, reason: '台风预警，会议取消' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ cancelReason: '台风预警，会议取消', version: 3 });
    expect(cancelled.json().cancelledAt).not.toBeNull();
    const audit = await rows<{ action: string }>(ctx.t.app.database.db, sql`select action from audit_events where entity_type = 'meeting' and entity_id = ${m.id} and action = 'meeting.cancel' and detail->>'reason' = '台风预警，会议取消'`);
    expect(audit).toHaveLength(1);
    const bell = (await call(app(), ctx.as.jigou1, 'GET', '/api/v1/notifications')).json().items as { title: string }[];
    expect(bell.some((n) => n.title.includes('会议取消'))).toBe(true);

    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/meetings/${m.id}/cancel`, { version: 3, reason: '再次取消' }), 409, 'invalid_state');
    expect(expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/meetings/${m.id}`, { version: 3, place: '线上' }), 409, 'invalid_state').detail).toContain('已取消');
    expectProblem(await upload(m.id), 409, 'invalid_state');
    const pub = (await call(app(), null, 'GET', '/api/v1/public/meetings?year=2026')).json().items as { id: string; cancelReason: string | null }[];
    expect(pub.find((x) => x.id === m.id)?.cancelReason).toBe('台风预警，会议取消');
    // Its files leave the public: anonymous and org members get 404, staff still download them (private).
    expectProblem(await call(app(), null, 'GET', fileUrl), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.jigou1, 'GET', fileUrl), 403, 'forbidden');
    const staff = await call(app(), ctx.as.weijian, 'GET', fileUrl);
    expect(staff.statusCode).toBe(200);
    expect(staff.headers['cache-control']).toBe('private, no-store');
  });

  it('removes a wrongly uploaded file from the meeting, the portal and the download', async () => {
    const id = await makeImplementingProject(app(), s());
    const m = (await call(app(), ctx.as.admin, 'POST', '/api/v1/meetings', body(id))).json();
    const file = (await upload(m.id)).json().attachments[0] as { id: string };
    await call(app(), ctx.as.admin, 'PATCH', `/api/v1/meetings/${m.id}`, { version: 1, minutes: '会议安排了中期督导的内容和时间。', published: true });
    expect((await call(app(), null, 'GET', `/api/v1/meetings/${m.id}/attachments/${file.id}`)).statusCode).toBe(200);

    expectProblem(await call(app(), ctx.as.weijian, 'DELETE', `/api/v1/meetings/${m.id}/attachments/${file.id}`), 403, 'forbidden');
    expectProblem(await call(app(), null, 'DELETE', `/api/v1/meetings/${m.id}/attachments/${file.id}`), 401);
    const removed = await call(app(), ctx.as.admin, 'DELETE', `/api/v1/meetings/${m.id}/attachments/${file.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().attachments).toEqual([]);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/meetings/${m.id}`)).json().attachments).toEqual([]);
    const pub = (await call(app(), null, 'GET', '/api/v1/public/meetings?year=2026')).json().items as { id: string; attachments: unknown[] }[];
    expect(pub.find((x) => x.id === m.id)?.attachments).toEqual([]);
    expectProblem(await call(app(), null, 'GET', `/api/v1/meetings/${m.id}/attachments/${file.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'DELETE', `/api/v1/meetings/${m.id}/attachments/${file.id}`), 404, 'not_found');
    const [kept] = await rows<{ removed_by: string | null }>(ctx.t.app.database.db, sql`select removed_by from meeting_attachments where id = ${file.id}`);
    expect(kept.removed_by).not.toBeNull();
    const audit = await rows<{ action: string }>(ctx.t.app.database.db, sql`select action from audit_events where entity_id = ${m.id} and action = 'meeting.detach' and detail->>'attachmentId' = ${file.id}`);
    expect(audit).toHaveLength(1);
  });
});

describe('public disclosure and the lifecycle dashboard', () => {
  it('discloses initiation, call, award and contract without login, and nothing before the plan', async () => {
    const id = await makeImplementingProject(app(), s());
    const draft = await makeProposedProject(app(), ctx.as.weijian);
    const res = await call(app(), null, 'GET', `/api/v1/public/projects/${id}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ state: 'implementing', departmentName: '卫健局', call: { procurementMethodName: '竞争性磋商' }, contract: { valueFen: 4_500_000, paidFen: 0 }, evaluation: null });
    expect(d.award.providerCreditCode).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    expect(d.initiation.approvedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Public fields only: no bids, scores, experts, objections or people.
    const text = JSON.stringify(d);
    for (const word of ['bids', 'scores', 'expert', 'legalRep', 'phone', 'idNumber']) expect(text).not.toContain(word);
    expectProblem(await call(app(), null, 'GET', `/api/v1/public/projects/${draft}`), 404, 'not_found');
    // On notice, the public sees whom the panel recommends.
    const noticing = await makeScoredProject(app(), s());
    await fire(app(), ctx.as.admin, noticing, 'recommend');
    const onNotice = (await call(app(), null, 'GET', `/api/v1/public/projects/${noticing}`)).json();
    expect(onNotice.award).toMatchObject({ awardedOn: null });
    expect(onNotice.award.providerName).toBeTruthy();
    await expireNotice(app(), noticing);
    const list = (await call(app(), null, 'GET', '/api/v1/public/projects?year=2026&limit=100')).json().items as { id: string }[];
    expect(list.map((x) => x.id)).toContain(id);
    expect(list.map((x) => x.id)).not.toContain(draft);
  });

  it('counts projects by stage, department and category, and the year’s money', async () => {
    type Dashboard = { byStage: { state: string; count: number }[]; money: Record<'totalFen' | 'reservedFen' | 'committedFen' | 'paidFen' | 'remainingFen', number> };
    const dashboard = async () => (await call(app(), ctx.as.admin, 'GET', '/api/v1/project-dashboard?year=2026')).json<Dashboard>();
    const stages = (d: Dashboard) => Object.fromEntries(d.byStage.map((x) => [x.state, x.count]));
    // Counted against the figures just before: the demo data alone already has projects implementing and money committed.
    const before = await dashboard();
    await makeImplementingProject(app(), s());
    const dash = await dashboard();
    expect(stages(dash)).toEqual({ ...stages(before), implementing: (stages(before).implementing ?? 0) + 1 });
    expect(dash.money.totalFen).toBe(before.money.totalFen);
    expect(dash.money.totalFen).toBe(dash.money.reservedFen + dash.money.committedFen + dash.money.paidFen + dash.money.remainingFen);
    // The contract's 45,000 元 is committed; nothing is paid yet.
    expect(dash.money.committedFen).toBe(before.money.committedFen + 4_500_000);
    expect(dash.money.paidFen).toBe(before.money.paidFen);
    const dept = (await call(app(), ctx.as.weijian, 'GET', '/api/v1/project-dashboard?year=2026')).json();
    expect(dept.byDepartment.map((x: { departmentName: string }) => x.departmentName)).toEqual(['卫健局']);
    expect(dept.money.totalFen).toBeLessThan(dash.money.totalFen);
    expectProblem(await call(app(), ctx.as.xucun, 'GET', '/api/v1/project-dashboard'), 403, 'forbidden');
  });
});
