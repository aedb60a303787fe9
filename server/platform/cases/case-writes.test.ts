import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/sql.js';
import { call, expectProblem, useTestApp, type Session } from '../../test/harness.js';
import { attach, fileDraft, fire, makeSubmittedApplication, multipart, PDF_BYTES } from '../../modules/applications/application-factories.js';
import { makeImplementingProject, makeScoredProject, proposal, expireNotice } from '../../modules/projects/project-factories.js';

/**
 * Writing on a case — comments, staff notes, files, objections — takes a named permission and a part in the
 * case: the auditor reads everything and writes nothing, town staff comment on their town's applications but
 * do not touch the applicant's materials, staff never replace the owner's checklist file, and outsiders get 404.
 */
const ctx = useTestApp('admin', 'auditor', 'xucun', 'minzheng', 'weijian', 'shenqing', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2', 'dudao1');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

type Abilities = { comment: boolean; commentInternal: boolean; attach: boolean; events: unknown[] };
async function abilities(who: Session, caseId: string): Promise<Abilities> {
  const res = await call(app(), who, 'GET', `/api/v1/cases/${caseId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().abilities as Abilities;
}

/** The case's attachments as stored: which file is current for each item. */
async function files(caseId: string) {
  return rows<{ id: string; item: string | null; current: boolean; uploaded_by: string }>(
    db(),
    sql`select id, item, superseded_at is null as current, uploaded_by from case_attachments where case_id = ${caseId} order by created_at, id`,
  );
}
async function commentCount(caseId: string) {
  const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from case_comments where case_id = ${caseId}`);
  return n;
}

function upload(who: Session, caseId: string, item: string | null, name = 'file.pdf') {
  const { payload, headers } = multipart(item ? { item } : {}, { name, content: PDF_BYTES });
  return app().inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, payload, headers: { ...headers, cookie: who.cookie, 'x-csrf-token': who.csrf } });
}

describe('writes on an application', () => {
  it('refuses the auditor and town staff the applicant’s checklist: the submitted file stays current', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const before = await files(id);
    expect(before.find((f) => f.item === 'charter')?.current).toBe(true);

    // The auditor: every write refused by the read-only rule, audited; nothing stored.
    expectProblem(await attach(app(), ctx.as.auditor, id, 'charter', { name: '章程草案.pdf', content: PDF_BYTES }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.auditor, 'POST', `/api/v1/cases/${id}/comments`, { body: '审计意见' }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.auditor, 'POST', `/api/v1/cases/${id}/comments`, { body: '审计内部', visibility: 'staff' }), 403, 'forbidden');
    // Town staff of the applicant's town: no right to files on an application at all.
    expectProblem(await attach(app(), ctx.as.xucun, id, 'premisesProof', { name: '住所使用证明.pdf', content: PDF_BYTES }), 403, 'forbidden');
    expectProblem(await upload(ctx.as.xucun, id, null), 403, 'forbidden');
    // The office takes part in it, but the checklist is the applicant's, and staff attach nothing to applications.
    expectProblem(await attach(app(), ctx.as.admin, id, 'charter'), 403, 'forbidden');
    // A department not (yet) consulted does not see it at all.
    expectProblem(await attach(app(), ctx.as.minzheng, id, 'charter'), 404, 'not_found');

    expect(await files(id)).toEqual(before);
    expect(await commentCount(id)).toBe(0);
    const [{ n }] = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from audit_events where action = 'request.denied' and actor_user_id = ${ctx.as.auditor.userId} and detail->>'route' in ('/api/v1/cases/:id/attachments', '/api/v1/cases/:id/comments')`,
    );
    expect(n).toBe(3);
  });

  it('lets the applicant attach only while holding the pen, and town staff comment where they take part', async () => {
    const draft = await fileDraft(app(), ctx.as.shenqing);
    expect((await abilities(ctx.as.shenqing, draft.id)).attach).toBe(true);
    expect((await upload(ctx.as.shenqing, draft.id, 'charter')).statusCode).toBe(201);
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const submitted = await files(id);

    // Submitted: what staff review is what was submitted.
    expect(await abilities(ctx.as.shenqing, id)).toMatchObject({ comment: true, commentInternal: false, attach: false });
    expectProblem(await attach(app(), ctx.as.shenqing, id, 'charter'), 409, 'invalid_state');
    expect(await files(id)).toEqual(submitted);

    // A one-time notice hands the pen back: the applicant replaces the file.
    expect((await fire(app(), ctx.as.admin, id, 'requestSupplement', { input: { items: [{ item: 'charter', problem: '章程缺少理事会产生程序' }] } })).statusCode).toBe(200);
    expect((await abilities(ctx.as.shenqing, id)).attach).toBe(true);
    const replaced = await attach(app(), ctx.as.shenqing, id, 'charter');
    expect(replaced.statusCode, replaced.body).toBe(201);
    const after = await files(id);
    expect(after.filter((f) => f.item === 'charter').map((f) => f.current)).toEqual([false, true]);

    // Town staff (the applicant's town) comment and write staff notes; the auditor is told it may do nothing.
    expect(await abilities(ctx.as.xucun, id)).toMatchObject({ comment: true, commentInternal: true, attach: false });
    expect((await call(app(), ctx.as.xucun, 'POST', `/api/v1/cases/${id}/comments`, { body: '已电话提醒申请人补正' })).statusCode).toBe(201);
    expect((await call(app(), ctx.as.xucun, 'POST', `/api/v1/cases/${id}/comments`, { body: '住所产权待核实', visibility: 'staff' })).statusCode).toBe(201);
    expect(await abilities(ctx.as.auditor, id)).toEqual({ events: [], comment: false, commentInternal: false, attach: false });
    expect(await abilities(ctx.as.admin, id)).toMatchObject({ comment: true, commentInternal: true, attach: false });
    expect(await commentCount(id)).toBe(2);
  });
});

describe('writes on a project', () => {
  it('lets staff file loose documents but never replace the provider’s checklist file; the auditor and outsiders write nothing', async () => {
    const id = await makeImplementingProject(app(), s());
    expect((await upload(ctx.as.jigou1, id, '服务方案', '服务方案.pdf')).statusCode).toBe(201);
    expect((await upload(ctx.as.weijian, id, null, '项目补充说明.pdf')).statusCode).toBe(201);
    expect((await upload(ctx.as.admin, id, null, '会议纪要.pdf')).statusCode).toBe(201);
    const before = await files(id);

    // Staff on the project: not the provider's checklist item.
    expectProblem(await upload(ctx.as.weijian, id, '服务方案', '替换的服务方案.pdf'), 403, 'forbidden');
    expectProblem(await upload(ctx.as.admin, id, '服务方案', '替换的服务方案.pdf'), 403, 'forbidden');
    // The auditor: nothing. Another organization (a losing bidder) and another department: the project does not exist for them.
    expectProblem(await upload(ctx.as.auditor, id, '服务方案'), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.auditor, 'POST', `/api/v1/cases/${id}/comments`, { body: '审计意见' }), 403, 'forbidden');
    for (const who of [ctx.as.jigou2, ctx.as.minzheng]) {
      expectProblem(await upload(who, id, '服务方案'), 404, 'not_found');
      expectProblem(await call(app(), who, 'POST', `/api/v1/cases/${id}/comments`, { body: '路过' }), 404, 'not_found');
    }
    expect(await files(id)).toEqual(before);
    expect(await commentCount(id)).toBe(0);

    expect(await abilities(ctx.as.auditor, id)).toEqual({ events: [], comment: false, commentInternal: false, attach: false });
    expect(await abilities(ctx.as.jigou1, id)).toMatchObject({ comment: true, commentInternal: false, attach: true });
    expect(await abilities(ctx.as.weijian, id)).toMatchObject({ comment: true, commentInternal: true, attach: true });
  });

  it('lets a named supervisor comment, but not write staff notes or attach', async () => {
    const id = await makeImplementingProject(app(), s());
    const [dudao] = await rows<{ id: string }>(db(), sql`select id from users where username = 'dudao1'`);
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervisors`, { userIds: [dudao.id] })).statusCode).toBe(200);
    expect(await abilities(ctx.as.dudao1, id)).toMatchObject({ comment: true, commentInternal: false, attach: false });
    expect((await call(app(), ctx.as.dudao1, 'POST', `/api/v1/cases/${id}/comments`, { body: '下周二上门督导，请准备服务档案。' })).statusCode).toBe(201);
    expectProblem(await call(app(), ctx.as.dudao1, 'POST', `/api/v1/cases/${id}/comments`, { body: '内部', visibility: 'staff' }), 403, 'forbidden');
    expectProblem(await upload(ctx.as.dudao1, id, null), 403, 'forbidden');
    expect(await commentCount(id)).toBe(1);
  });

  it('takes objections from bidders and the public only, and a project out of reach is 404 whatever its state', async () => {
    const id = await makeScoredProject(app(), s());
    expect((await fire(app(), ctx.as.admin, id, 'recommend')).statusCode).toBe(200);
    const text = '推荐机构团队中一名社工同时在其他项目全职任职，请核实。';
    for (const who of [ctx.as.auditor, ctx.as.admin, ctx.as.weijian, ctx.as.zhuanjia1]) {
      expectProblem(await call(app(), who, 'POST', `/api/v1/projects/${id}/objections`, { text }), 403, 'forbidden');
    }
    const [{ n: none }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from project_objections where project_id = ${id}`);
    expect(none).toBe(0);
    expect((await call(app(), ctx.as.shenqing, 'POST', `/api/v1/projects/${id}/objections`, { text })).statusCode).toBe(201);
    expect((await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/objections`, { text })).statusCode).toBe(201);
    // After the notice the project is still public: the bidder learns only that the notice is over.
    await expireNotice(app(), id);
    expectProblem(await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/objections`, { text }), 409, 'invalid_state');

    // Another department's draft: as missing (it was 409 “not on notice”, which told the project exists).
    const draft = (await call(app(), ctx.as.weijian, 'POST', '/api/v1/projects', await proposal(app()))).json().id as string;
    const outsider = await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${draft}/objections`, { text });
    const missing = await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${crypto.randomUUID()}/objections`, { text });
    expectProblem(outsider, 404, 'not_found');
    expect(outsider.json().detail).toBe(missing.json().detail);
  });
});
