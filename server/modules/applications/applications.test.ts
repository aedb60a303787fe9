import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { APPLICATION_KINDS, CHECKLISTS } from '../../../contracts/applications.js';
import { checkCreditCode } from '../../../contracts/identifiers.js';
import { loadExceptions } from '../../platform/calendar/calendar.js';
import { workingDaysBetweenWith } from '../../platform/calendar/working-days.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, login, useTestApp } from '../../test/harness.js';
import { registerApplicant } from '../../test/citizens.js';
import { attach, attachAll, establishmentForm, fileDraft, fire, makeDecidingApplication, makeSubmittedApplication, PDF_BYTES } from './application-factories.js';

const ctx = useTestApp('admin', 'xucun', 'minzheng', 'weijian', 'shenqing', 'auditor');
const app = () => ctx.t.app;
const get = (who: keyof typeof ctx.as, id: string) => call(app(), ctx.as[who], 'GET', `/api/v1/applications/${id}`);

describe('online applications, one trip at most', () => {
  it('lets a new applicant register with a phone number and sign in with it', async () => {
    const reg = await registerApplicant(app(), { phone: '13588880001', displayName: '陈志刚', password: 'Yanglao#2026a' });
    expect(reg.statusCode).toBe(201);
    // A second account for the number is refused before any code is sent (the SMS codes' own test: citizen-accounts.test.ts).
    const again = await registerApplicant(app(), { phone: '13588880001', displayName: '陈志刚', password: 'Yanglao#2026a' });
    expect(expectProblem(again, 409, 'duplicate').detail).toContain('135****0001');
    expect(failedFields(await call(app(), null, 'POST', '/api/v1/applicants', { phone: '1358888', smsCode: '123456', displayName: '陈', password: 'x' }), 'validation')).toEqual(['phone', 'displayName']);
    const s = await login(app(), '13588880001', 'Yanglao#2026a');
    const me = (await call(app(), s, 'GET', '/api/v1/auth/me')).json();
    expect(me.grants.map((g: { role: string }) => g.role)).toEqual(['applicant']);
    const [u] = await rows<{ phone_sealed: string; username: string }>(app().database.db, sql`select phone_sealed, username from users where id = ${s.userId}`);
    expect(u.phone_sealed).not.toContain('13588880001');
    expect(u.username).not.toContain('13588880001');
  });

  it('lists every missing material at once when a draft is submitted too early (a wrong field is refused at save)', async () => {
    const wrong = await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form: await establishmentForm(app(), { legalRepIdNumber: '330481198001010029', registeredCapitalFen: 100 }) });
    expect(failedFields(wrong, 'validation')).toEqual(['form.legalRepIdNumber']);
    const draft = await fileDraft(app(), ctx.as.shenqing);
    expect(draft.case.version).toBe(1);
    const res = await fire(app(), ctx.as.shenqing, draft.id, 'submit');
    const problem = expectProblem(res, 422, 'validation') as unknown as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['materials.applicationLetter', 'materials.charter', 'materials.capitalProof']));
    // Nothing moved.
    expect((await get('shenqing', draft.id)).json()).toMatchObject({ state: 'draft', version: 1 });
  });

  it('names every material in English for an English reader: the guides, the checklist and the missing-material errors', async () => {
    const en = { 'accept-language': 'en' };
    const han = /\p{Script=Han}/u;
    for (const kind of APPLICATION_KINDS) {
      const guide = await call(app(), null, 'GET', `/api/v1/application-guides/${kind}`, undefined, en);
      expect(guide.statusCode, guide.body).toBe(200);
      const names = guide.json<{ materials: { name: string }[] }>().materials.map((m) => m.name);
      expect(names).toEqual(CHECKLISTS[kind].map((i) => i.nameEn));
      expect(names.filter((n) => han.test(n))).toEqual([]);
    }
    const draft = await fileDraft(app(), ctx.as.shenqing);
    const checklist = (await call(app(), ctx.as.shenqing, 'GET', `/api/v1/applications/${draft.id}`, undefined, en)).json<{ checklist: { name: string }[] }>().checklist;
    expect(checklist.length).toBeGreaterThan(0);
    expect(checklist.filter((i) => han.test(i.name))).toEqual([]);
    const res = await call(app(), ctx.as.shenqing, 'POST', `/api/v1/cases/${draft.id}/transitions`, { event: 'submit', version: draft.case.version }, en);
    const problem = expectProblem(res, 422, 'validation') as unknown as { errors: { path: string; message: string }[] };
    const missing = problem.errors.filter((e) => e.path.startsWith('materials.'));
    expect(missing.map((e) => e.message)).toContain('Missing material: Draft charter');
    expect(missing.filter((e) => han.test(e.message))).toEqual([]);
  });

  it('keeps personal data sealed in the form and masked in every response', async () => {
    const draft = await fileDraft(app(), ctx.as.shenqing);
    const body = (await get('shenqing', draft.id)).json();
    expect(body.form.legalRepIdNumber).toBe('330481********0028');
    expect(body.form.legalRepPhone).toBe('139****0001');
    const [row] = await rows<{ form: string }>(app().database.db, sql`select form::text as form from applications where case_id = ${draft.id}`);
    expect(row.form).not.toContain('330481198001010028');
    expect(row.form).not.toContain('13905730001');
    // Sending the masked value back in an edit keeps the sealed original.
    const edit = await call(app(), ctx.as.shenqing, 'PUT', `/api/v1/applications/${draft.id}/form`, { version: body.version, form: { ...body.form, address: '海宁市许村镇许巷大道 99 号' } });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().form.legalRepIdNumber).toBe('330481********0028');
    const [after] = await rows<{ id: string }>(app().database.db, sql`select case_id as id from applications where case_id = ${draft.id} and form->>'legalRepIdNumberSealed' = ${JSON.parse(row.form).legalRepIdNumberSealed}`);
    expect(after?.id).toBe(draft.id);
  });

  it('takes one of two edits made on the same version and answers the other 409, with one audit event', async () => {
    const draft = await fileDraft(app(), ctx.as.shenqing);
    const body = (await get('shenqing', draft.id)).json();
    const edits = await Promise.all(
      ['许巷大道 1 号', '许巷大道 2 号'].map((street) => call(app(), ctx.as.shenqing, 'PUT', `/api/v1/applications/${draft.id}/form`, { version: body.version, form: { ...body.form, address: `海宁市许村镇${street}` } })),
    );
    expect(edits.map((e) => e.statusCode).sort()).toEqual([200, 409]);
    const [events] = await rows<{ n: number }>(app().database.db, sql`select count(*)::int as n from audit_events where action = 'application.updateDraft' and entity_id = ${draft.id}`);
    expect(events.n).toBe(1);
    expect((await get('shenqing', draft.id)).json().version).toBe(body.version + 1);
  });

  it('goes from submission through a one-time notice, acceptance, joint review and approval to an active org', async () => {
    const form = await establishmentForm(app(), { name: '海宁市许村镇颐康居家养老服务中心' });
    const draft = await fileDraft(app(), ctx.as.shenqing, 'establishment', form);
    await attachAll(app(), ctx.as.shenqing, draft.id);
    expect((await fire(app(), ctx.as.shenqing, draft.id, 'submit')).statusCode).toBe(200);

    // The town sees it but may not act; the departments do not see it before acceptance.
    const town = (await get('xucun', draft.id)).json();
    expect(town.case.abilities.events).toEqual([]);
    expectProblem(await fire(app(), ctx.as.xucun, draft.id, 'accept', { version: town.version }), 403, 'forbidden');
    expectProblem(await get('minzheng', draft.id), 404, 'not_found');

    const inbox = (await call(app(), ctx.as.admin, 'GET', '/api/v1/inbox')).json().items as { id: string; task: string }[];
    expect(inbox.find((i) => i.id === draft.id)?.task).toBe('受理审查');

    const notice = await fire(app(), ctx.as.admin, draft.id, 'requestSupplement', { input: { items: [{ item: 'charter', problem: '章程草案缺少理事会产生程序' }, { item: 'premisesProof', problem: '住所证明未加盖产权单位公章' }] } });
    expect(notice.statusCode).toBe(200);
    const seen = (await get('shenqing', draft.id)).json();
    expect(seen.state).toBe('supplementRequested');
    expect(seen.supplementNotice).toMatchObject({ open: true, items: [{ itemName: '章程草案' }, { itemName: '住所使用证明' }] });
    expect(seen.abilities.edit).toBe(true);
    expect((await attach(app(), ctx.as.shenqing, draft.id, 'charter')).statusCode).toBe(201);
    expect((await attach(app(), ctx.as.shenqing, draft.id, 'premisesProof')).statusCode).toBe(201);
    expect((await fire(app(), ctx.as.shenqing, draft.id, 'resubmit')).statusCode).toBe(200);

    const accepted = await fire(app(), ctx.as.admin, draft.id, 'accept');
    expect(accepted.json()).toMatchObject({ state: 'reviewing' });
    const reviewing = (await get('admin', draft.id)).json();
    expect(reviewing.reviewDepartments.map((d: { name: string }) => d.name).sort()).toEqual(['卫健局', '民政局']);
    expect(reviewing.promisedDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Each department sees it in its inbox; an opinion needs a comment; one answer is not enough.
    expect((await call(app(), ctx.as.minzheng, 'GET', '/api/v1/inbox')).json().items.some((i: { id: string }) => i.id === draft.id)).toBe(true);
    expect(failedFields(await fire(app(), ctx.as.minzheng, draft.id, 'giveOpinion', { input: { opinion: 'agree' } }), 'validation')).toEqual(['comment']);
    expect((await fire(app(), ctx.as.minzheng, draft.id, 'giveOpinion', { input: { opinion: 'agree' }, comment: '同意' })).json().state).toBe('reviewing');
    expectProblem(await fire(app(), ctx.as.minzheng, draft.id, 'giveOpinion', { input: { opinion: 'agree' }, comment: '再次同意' }), 403, 'forbidden');
    expectProblem(await fire(app(), ctx.as.admin, draft.id, 'approve'), 409, 'invalid_state');
    expect((await fire(app(), ctx.as.weijian, draft.id, 'giveOpinion', { input: { opinion: 'agree' }, comment: '同意作为业务主管单位' })).json().state).toBe('deciding');

    const done = await fire(app(), ctx.as.admin, draft.id, 'approve', { comment: '准予成立登记' });
    expect(done.json()).toMatchObject({ state: 'completed', outcome: 'approved' });
    const orgId = done.json().orgId as string;
    const org = (await call(app(), ctx.as.admin, 'GET', `/api/v1/orgs/${orgId}`)).json();
    expect(org).toMatchObject({ name: form.name, status: 'active', type: 'serviceAgency', townName: '许村镇', legalRepIdNumber: '330481********0028' });
    expect(checkCreditCode(org.creditCode)).toBeNull();
    expect(org.creditCode).toMatch(/^52330481/);
    const pub = (await call(app(), null, 'GET', `/api/v1/public/orgs?q=${encodeURIComponent('颐康居家')}`)).json();
    expect(pub.items.map((o: { id: string }) => o.id)).toContain(orgId);
    const [history] = await rows<{ kind: string; case_number: string }>(app().database.db, sql`select kind, case_number from org_changes where org_id = ${orgId}`);
    expect(history.kind).toBe('establishment');

    // History: every step with who and in which role; audit rows equal transitions.
    const final = (await get('shenqing', draft.id)).json();
    expect(final.case.steps.map((s: { event: string }) => s.event)).toEqual(['create', 'submit', 'requestSupplement', 'resubmit', 'accept', 'giveOpinion', 'giveOpinion', 'approve']);
    expect(final.case.steps.find((s: { event: string }) => s.event === 'giveOpinion').departmentName).toBe('民政局');
    const [{ n }] = await rows<{ n: number }>(app().database.db, sql`select count(*)::int as n from audit_events where action = 'case.transition' and entity_id = ${draft.id}`);
    expect(n).toBe(7);
    const messages = (await call(app(), ctx.as.shenqing, 'GET', '/api/v1/notifications')).json();
    expect(messages.items.some((m: { body: string }) => m.body.includes('一次性告知'))).toBe(true);
  });

  it('answers a stale version with 409 and the current state, and a wrong event with the allowed ones', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const v = (await get('admin', id)).json().version;
    expect((await fire(app(), ctx.as.admin, id, 'accept', { version: v })).statusCode).toBe(200);
    const stale = expectProblem(await fire(app(), ctx.as.admin, id, 'reject', { version: v, comment: '重复' }), 409, 'conflict') as unknown as { currentState: string };
    expect(stale.currentState).toBe('reviewing');
    const wrong = expectProblem(await fire(app(), ctx.as.admin, id, 'submit'), 409, 'invalid_state') as unknown as { allowedEvents: string[]; detail: string };
    expect(wrong.allowedEvents).toEqual(['giveOpinion']);
    expect(wrong.detail).toContain('出具联审意见');
  });

  it('refuses approval after a department disagrees, and records a reasoned rejection', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    await fire(app(), ctx.as.admin, id, 'accept');
    await fire(app(), ctx.as.minzheng, id, 'giveOpinion', { input: { opinion: 'disagree' }, comment: '章程与业务范围不一致' });
    await fire(app(), ctx.as.weijian, id, 'giveOpinion', { input: { opinion: 'agree' }, comment: '同意' });
    expectProblem(await fire(app(), ctx.as.admin, id, 'approve'), 409, 'invalid_state');
    expect(failedFields(await fire(app(), ctx.as.admin, id, 'reject'), 'validation')).toEqual(['comment']);
    const res = await fire(app(), ctx.as.admin, id, 'reject', { comment: '联审部门不同意：章程与业务范围不一致' });
    expect(res.json()).toMatchObject({ state: 'completed', outcome: 'rejected' });
  });

  it('checks uploads by content and size, and serves them only to those who may see the case', async () => {
    const draft = await fileDraft(app(), ctx.as.shenqing);
    const fake = await attach(app(), ctx.as.shenqing, draft.id, 'charter', { name: 'charter.pdf', content: Buffer.from('<html><script>alert(1)</script></html>') });
    expectProblem(fake, 415, 'file_type_not_allowed');
    const big = await attach(app(), ctx.as.shenqing, draft.id, 'charter', { name: 'big.pdf', content: Buffer.concat([PDF_BYTES, Buffer.alloc(20 * 1024 * 1024)]) });
    expectProblem(big, 413, 'file_too_large');
    const ok = await attach(app(), ctx.as.shenqing, draft.id, 'charter', { name: '章程草案.pdf', content: PDF_BYTES });
    expect(ok.statusCode).toBe(201);
    const a = ok.json();
    expect(a).toMatchObject({ mime: 'application/pdf', item: 'charter', name: '章程草案.pdf', size: PDF_BYTES.length });
    const down = await call(app(), ctx.as.shenqing, 'GET', `/api/v1/cases/${draft.id}/attachments/${a.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(PDF_BYTES)).toBe(true);
    expect(down.headers['content-disposition']).toContain("filename*=UTF-8''%E7%AB%A0");
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-security-policy']).toContain('sandbox');
    expectProblem(await call(app(), ctx.as.minzheng, 'GET', `/api/v1/cases/${draft.id}/attachments/${a.id}`), 404, 'not_found');
    expectProblem(await call(app(), null, 'GET', `/api/v1/cases/${draft.id}/attachments/${a.id}`), 401);
    // The upload is one stored file with the content's hash and size (the same bytes are uploaded by other tests too).
    const stored = await rows<{ sha256: string; size: number; mime: string }>(app().database.db, sql`select f.sha256, f.size::int as size, f.mime from files f join case_attachments x on x.file_id = f.id where x.id = ${a.id}`);
    expect(stored).toEqual([{ sha256: a.sha256, size: PDF_BYTES.length, mime: 'application/pdf' }]);
  });

  it('lets staff and applicants comment, hiding staff notes from the applicant', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    expect((await call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${id}/comments`, { body: '内部：核实住所产权', visibility: 'staff' })).statusCode).toBe(201);
    expect((await call(app(), ctx.as.shenqing, 'POST', `/api/v1/cases/${id}/comments`, { body: '请问何时受理？' })).statusCode).toBe(201);
    expectProblem(await call(app(), ctx.as.shenqing, 'POST', `/api/v1/cases/${id}/comments`, { body: '伪装内部', visibility: 'staff' }), 403, 'forbidden');
    const mine = (await call(app(), ctx.as.shenqing, 'GET', `/api/v1/cases/${id}`)).json();
    expect(mine.comments.map((c: { body: string }) => c.body)).toEqual(['请问何时受理？']);
    const staff = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${id}`)).json();
    expect(staff.comments).toHaveLength(2);
  });

  it('shows applicants only their own applications and staff those in their reach', async () => {
    const other = await login(app(), '13588880001', 'Yanglao#2026a').catch(async () => {
      await registerApplicant(app(), { phone: '13588880001', displayName: '陈志刚', password: 'Yanglao#2026a' });
      return login(app(), '13588880001', 'Yanglao#2026a');
    });
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    expectProblem(await call(app(), other, 'GET', `/api/v1/applications/${id}`), 404, 'not_found');
    expect((await call(app(), other, 'GET', '/api/v1/applications')).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await call(app(), ctx.as.xucun, 'GET', '/api/v1/applications')).json().items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await call(app(), ctx.as.auditor, 'GET', `/api/v1/applications/${id}`)).statusCode).toBe(200);
    expectProblem(await call(app(), ctx.as.auditor, 'POST', '/api/v1/applications', { kind: 'establishment', form: {} }), 403, 'forbidden');
  });

  it('applies an approved change to the registry and keeps the history', async () => {
    const decided = await makeDecidingApplication(app(), { applicant: ctx.as.shenqing, admin: ctx.as.admin, minzheng: ctx.as.minzheng, weijian: ctx.as.weijian }, await establishmentForm(app(), { name: '海宁市许村镇乐龄变更测试服务中心' }));
    const orgId = (await fire(app(), ctx.as.admin, decided, 'approve')).json().orgId as string;
    // The approval made the applicant the new org's member (its contact person): they file for it.
    const member = await login(app(), 'shenqing');
    const change = await call(app(), member, 'POST', '/api/v1/applications', { kind: 'change', form: { orgId, changes: { address: '海宁市许村镇荡湾村 12 号', legalRepPhone: '13905730009' }, reason: '办公场所搬迁，法定代表人更换手机号' } });
    expect(change.statusCode).toBe(201);
    const id = change.json().id as string;
    await attach(app(), member, id, 'applicationLetter');
    await attach(app(), member, id, 'resolution');
    expect((await fire(app(), member, id, 'submit')).statusCode).toBe(200);
    expect((await fire(app(), ctx.as.admin, id, 'accept')).json().state).toBe('reviewing');
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/orgs/${orgId}`)).json().status).toBe('changing');
    const view = (await get('admin', id)).json();
    expect(view.diff).toEqual(
      expect.arrayContaining([
        { field: 'address', label: '住所', before: '海宁市许村镇许巷大道 88 号', after: '海宁市许村镇荡湾村 12 号' },
        { field: 'legalRepPhone', label: '法定代表人电话', before: '139****0001', after: '139****0009' },
      ]),
    );
    await fire(app(), ctx.as.weijian, id, 'giveOpinion', { input: { opinion: 'agree' }, comment: '同意' });
    expect((await fire(app(), ctx.as.admin, id, 'approve')).json().outcome).toBe('approved');
    const org = (await call(app(), ctx.as.admin, 'GET', `/api/v1/orgs/${orgId}`)).json();
    expect(org).toMatchObject({ address: '海宁市许村镇荡湾村 12 号', status: 'active', legalRepPhone: '139****0009' });
    const history = (await call(app(), ctx.as.admin, 'GET', `/api/v1/orgs/${orgId}/history`)).json().items as { kind: string; caseNumber: string; changes: Record<string, { before: unknown; after: unknown }> }[];
    // Newest first.
    expect(history.map((h) => h.kind)).toEqual(['change', 'establishment']);
    expect(history[0].changes.legalRepPhone).toEqual({ before: '139****0001', after: '139****0009' });
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/applications?orgId=${orgId}`)).json().items).toHaveLength(2);
    expectProblem(await call(app(), null, 'GET', `/api/v1/orgs/${orgId}/history`), 401);
    // The org's own member reads its history (本组织); the registry's other records stay closed to them.
    expect((await call(app(), member, 'GET', `/api/v1/orgs/${orgId}/history`)).statusCode).toBe(200);
  });

  it('reports service levels per kind and department within the reach of the caller, and refuses applicants', async () => {
    const res = await call(app(), ctx.as.admin, 'GET', '/api/v1/applications/service-levels');
    expect(res.statusCode).toBe(200);
    const sla = res.json();
    const est = sla.byKind.find((k: { kind: string }) => k.kind === 'establishment');
    expect(est.promisedDays).toBe(10);
    // Counted from the database: establishments completed in the window (withdrawals aside), and of those decided
    // after acceptance, the mean working days and the share within the promise (rounded as the report rounds).
    const [{ completed }] = await rows<{ completed: number }>(
      app().database.db,
      sql`select count(*)::int as completed from cases c join applications a on a.case_id = c.id
          where a.kind = 'establishment' and c.state <> 'draft' and c.closed_at is not null and c.outcome is distinct from 'withdrawn' and a.completed_on between ${sla.from} and ${sla.to}`,
    );
    const decided = await rows<{ accepted_on: string; completed_on: string; on_time: boolean }>(
      app().database.db,
      sql`select a.accepted_on::text, a.completed_on::text, coalesce(a.completed_on <= a.promised_due_on, false) as on_time from cases c join applications a on a.case_id = c.id
          where a.kind = 'establishment' and c.state <> 'draft' and c.closed_at is not null and a.accepted_on is not null and a.completed_on between ${sla.from} and ${sla.to}`,
    );
    expect(est.completed).toBe(completed);
    const exceptions = await loadExceptions(app().database.db);
    const days = decided.map((d) => workingDaysBetweenWith(d.accepted_on, d.completed_on, exceptions));
    expect(est.averageWorkingDays).toBe(Math.round((days.reduce((x, y) => x + y, 0) / days.length) * 10) / 10);
    expect(est.withinPromiseShare).toBe(Math.round((decided.filter((d) => d.on_time).length / decided.length) * 1000 * 10) / 10 / 1000);
    expect(sla.byDepartment.map((d: { departmentName: string }) => d.departmentName)).toEqual(expect.arrayContaining(['民政局', '卫健局']));
    // Counted from the database: open, non-draft establishments the admin can see.
    const [{ n }] = await rows<{ n: number }>(app().database.db, sql`select count(*)::int as n from cases c join applications a on a.case_id = c.id where a.kind = 'establishment' and c.closed_at is null and c.state <> 'draft'`);
    expect(est.inProgress).toBe(n);
    const town = (await call(app(), ctx.as.xucun, 'GET', '/api/v1/applications/service-levels')).json();
    const [{ t }] = await rows<{ t: number }>(app().database.db, sql`select count(*)::int as t from cases c join applications a on a.case_id = c.id join regions r on r.id = a.town_id where r.code = '330481101' and a.kind = 'establishment' and c.closed_at is null and c.state <> 'draft'`);
    expect(town.byKind.find((k: { kind: string }) => k.kind === 'establishment').inProgress).toBe(t);
    expectProblem(await call(app(), ctx.as.shenqing, 'GET', '/api/v1/applications/service-levels'), 403, 'forbidden');
    expect(failedFields(await call(app(), ctx.as.admin, 'GET', '/api/v1/applications/service-levels?from=2026-12-01&to=2026-01-01'), 'validation')).toEqual(['from']);
  });

  it('lets the office enter a counter application for someone at the window, and only the office', async () => {
    const form = await establishmentForm(app(), { name: '海宁市许村镇窗口代办测试服务中心' });
    expect(failedFields(await call(app(), ctx.as.admin, 'POST', '/api/v1/applications', { kind: 'establishment', form }), 'validation')).toEqual(['applicantName']);
    expectProblem(await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form, applicantName: '冒名' }), 403, 'forbidden');
    const res = await call(app(), ctx.as.admin, 'POST', '/api/v1/applications', { kind: 'establishment', form, applicantName: '赵大妈' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ counter: true, applicantName: '赵大妈', state: 'draft' });
    expect(res.json().case.abilities.events.map((e: { event: string }) => e.event)).toContain('submit');
  });
});
