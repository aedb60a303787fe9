import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { setClock } from '../../platform/clock.js';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp } from '../../test/harness.js';
import { attach, attachAll, establishmentForm, fileDraft, fire, makeDecidingApplication, makeSubmittedApplication, PDF_BYTES } from './application-factories.js';

/** Issue 15 §2: the applicant corrects the application — checks at save, a notice answered item by item, the 补正 deadline. */
const ctx = useTestApp('admin', 'xucun', 'minzheng', 'weijian', 'shenqing');
const app = () => ctx.t.app;
const get = (who: keyof typeof ctx.as, id: string) => call(app(), ctx.as[who], 'GET', `/api/v1/applications/${id}`);
const save = (id: string, body: Record<string, unknown>) => call(app(), ctx.as.shenqing, 'PUT', `/api/v1/applications/${id}/form`, body);
type Problem = { errors: { path: string; message: string }[] };

let restoreClock: (() => void) | null = null;
afterEach(() => {
  restoreClock?.();
  restoreClock = null;
});

/** A submitted establishment with a one-time notice on 业务范围 and on the charter. */
async function noticed() {
  const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
  const res = await fire(app(), ctx.as.admin, id, 'requestSupplement', {
    input: {
      items: [
        { field: 'businessScope', problem: '业务范围过宽：“等”字不宜出现，\n请列明具体服务项目' },
        { item: 'charter', problem: '章程草案缺少理事会产生程序' },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

describe('every check runs at save, naming the field', () => {
  it('refuses a wrong ID check digit when the draft is created and when it is saved, and changes nothing', async () => {
    const wrong = await call(app(), ctx.as.shenqing, 'POST', '/api/v1/applications', { kind: 'establishment', form: await establishmentForm(app(), { legalRepIdNumber: '330481198001010021' }) });
    const problem = expectProblem(wrong, 422, 'validation') as unknown as Problem;
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'form.legalRepIdNumber', message: expect.stringContaining('第 18 位校验码应为 8') })]);

    const draft = await fileDraft(app(), ctx.as.shenqing);
    const body = (await get('shenqing', draft.id)).json();
    const cases = [
      [{ legalRepIdNumber: '330481198001010021' }, 'form.legalRepIdNumber'],
      [{ legalRepPhone: '1390573000' }, 'form.legalRepPhone'],
      [{ businessScope: '' }, 'form.businessScope'],
      [{ name: `海宁市${'很长的名字'.repeat(12)}服务中心` }, 'form.name'],
      [{ registeredCapitalFen: 100, type: 'association' }, 'form.registeredCapitalFen'],
    ] as const;
    for (const [change, path] of cases) {
      const res = await save(draft.id, { version: body.version, form: { ...body.form, ...change } });
      expect(failedFields(res, 'validation'), JSON.stringify(change)).toEqual([path]);
    }
    const after = (await get('shenqing', draft.id)).json();
    expect(after.version).toBe(body.version);
    expect(after.form).toEqual(body.form);
    // The masked ID sent back keeps the sealed (right) original, so the rest of the form saves.
    const ok = await save(draft.id, { version: body.version, form: { ...body.form, address: '海宁市许村镇许巷大道 90 号' } });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('a one-time notice is answered item by item', () => {
  it('refuses items that point at nothing, or at a field or material the kind does not have', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    expect(failedFields(await fire(app(), ctx.as.admin, id, 'requestSupplement', { input: { items: [{ item: null, problem: '请核对' }] } }), 'validation')).toEqual(['input.items.0.field']);
    expect(failedFields(await fire(app(), ctx.as.admin, id, 'requestSupplement', { input: { items: [{ field: 'businessScope', item: 'charter', problem: '请核对' }] } }), 'validation')).toEqual(['input.items.0.field']);
    expect(failedFields(await fire(app(), ctx.as.admin, id, 'requestSupplement', { input: { items: [{ field: 'colour', problem: '请核对' }] } }), 'validation')).toEqual(['input.items.0.field']);
    expect(failedFields(await fire(app(), ctx.as.admin, id, 'requestSupplement', { input: { items: [{ item: 'resolution', problem: '请核对' }] } }), 'validation')).toEqual(['input.items.0.item']);
    expect((await get('admin', id)).json().state).toBe('submitted');
  });

  it('refuses the resubmission until the field is changed and the material replaced, then takes it', async () => {
    const id = await noticed();
    const seen = (await get('shenqing', id)).json();
    expect(seen.abilities.edit).toBe(true);
    expect(seen.supplementNotice).toMatchObject({
      open: true,
      items: [
        { no: 1, field: 'businessScope', item: null, itemName: '业务范围', answer: null, problem: '业务范围过宽：“等”字不宜出现，\n请列明具体服务项目' },
        { no: 2, field: null, item: 'charter', itemName: '章程草案', answer: null },
      ],
    });

    const refused = expectProblem(await fire(app(), ctx.as.shenqing, id, 'resubmit'), 422, 'validation') as unknown as Problem;
    expect(refused.errors.map((e) => e.path)).toEqual(['form.businessScope', 'materials.charter']);
    expect(refused.errors[0].message).toContain('一次性告知第 1 项（业务范围）尚未补正');

    // The field changed: that item is answered, the material's is not.
    const edited = await save(id, { version: seen.version, form: { ...seen.form, businessScope: '为辖区老年人提供助餐、助浴、日间照料和康复护理服务' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().supplementNotice.items.map((i: { answer: string | null }) => i.answer)).toEqual(['changed', null]);
    expect(failedFields(await fire(app(), ctx.as.shenqing, id, 'resubmit'), 'validation')).toEqual(['materials.charter']);

    expect((await attach(app(), ctx.as.shenqing, id, 'charter', { name: '章程草案（修订）.pdf', content: PDF_BYTES })).statusCode).toBe(201);
    expect((await get('shenqing', id)).json().supplementNotice.items.map((i: { answer: string | null }) => i.answer)).toEqual(['changed', 'replaced']);
    expect((await fire(app(), ctx.as.shenqing, id, 'resubmit')).statusCode).toBe(200);
    const after = (await get('admin', id)).json();
    expect(after.state).toBe('submitted');
    expect(after.supplementNotice).toMatchObject({ open: false, dueOn: null });
  });

  it('counts a field changed back to what it was as not answered, and takes an explanation instead', async () => {
    const id = await noticed();
    const seen = (await get('shenqing', id)).json();
    const changed = (await save(id, { version: seen.version, form: { ...seen.form, businessScope: '为辖区老年人提供助餐服务' } })).json();
    const back = await save(id, { version: changed.version, form: { ...changed.form, businessScope: seen.form.businessScope } });
    expect(back.json().supplementNotice.items[0].answer).toBeNull();

    expect(failedFields(await save(id, { version: back.json().version, form: back.json().form, explanations: [{ no: 3, explanation: '经核对无误' }] }), 'validation')).toEqual(['explanations.0.no']);
    expect(failedFields(await save(id, { version: back.json().version, form: back.json().form, explanations: [{ no: 1, explanation: '无' }] }), 'validation')).toEqual(['explanations.0.explanation']);
    const explained = await save(id, {
      version: back.json().version,
      form: back.json().form,
      explanations: [
        { no: 1, explanation: '业务范围与业务主管单位审查同意文件一致，无需修改' },
        { no: 2, explanation: '章程第十条已写明理事会产生程序' },
      ],
    });
    expect(explained.statusCode, explained.body).toBe(200);
    expect(explained.json().supplementNotice.items).toMatchObject([
      { answer: 'explained', explanation: '业务范围与业务主管单位审查同意文件一致，无需修改' },
      { answer: 'explained', explanation: '章程第十条已写明理事会产生程序' },
    ]);
    const [audit] = await rows<{ changes: string }>(app().database.db, sql`select changes::text from audit_events where action = 'application.updateDraft' and entity_id = ${id} order by seq desc limit 1`);
    expect(audit.changes).toContain('noticeExplanations');
    expect((await fire(app(), ctx.as.shenqing, id, 'resubmit')).statusCode).toBe(200);
    // Once resubmitted the form is staff's to review: nothing is saved, explanations included.
    expectProblem(await save(id, { version: (await get('shenqing', id)).json().version, form: back.json().form, explanations: [{ no: 1, explanation: '再说明一次' }] }), 409, 'invalid_state');
  });
});

describe('the 补正 deadline', () => {
  it('is counted in working days from the notice, and when it passes the kind’s rule decides what the office may do', async () => {
    const id = await noticed();
    const seen = (await get('shenqing', id)).json();
    const db = app().database.db;
    expect(seen.supplementNotice.dueOn).toBe(await addWorkingDays(db, todayInChina(), 15));
    expect(seen.supplementNotice).toMatchObject({ overdue: false, workingDaysLeft: 15, overdueRule: 'lapse', overdueRuleName: '逾期未补正的，视为撤回申请' });
    // Before the deadline the office may not close it.
    expect((await get('admin', id)).json().case.abilities.events.map((e: { event: string }) => e.event)).not.toContain('lapse');
    expectProblem(await fire(app(), ctx.as.admin, id, 'lapse'), 409, 'invalid_state');

    restoreClock = setClock({ shiftMs: 30 * 86_400_000 });
    const late = (await get('admin', id)).json();
    expect(late.supplementNotice.overdue).toBe(true);
    expect(late.case.abilities.events.map((e: { event: string }) => e.event)).toContain('lapse');
    expectProblem(await fire(app(), ctx.as.shenqing, id, 'lapse'), 403, 'forbidden');

    // Where the kind's rule is "remind", the application waits.
    const settings = (await call(app(), ctx.as.admin, 'GET', '/api/v1/application-settings')).json().items.find((s: { kind: string }) => s.kind === 'establishment');
    const body = { version: settings.version, promisedDays: settings.promisedDays, reviewDepartmentIds: settings.reviewDepartments.map((d: { id: string }) => d.id), stateDays: { submitted: 2, reviewing: 5, deciding: 3 } };
    expect((await call(app(), ctx.as.admin, 'PUT', '/api/v1/application-settings/establishment', { ...body, supplementOverdue: 'remind' })).statusCode).toBe(200);
    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'lapse'), 409, 'invalid_state').detail).toContain('逾期仅提醒');
    const reset = (await call(app(), ctx.as.admin, 'GET', '/api/v1/application-settings')).json().items.find((s: { kind: string }) => s.kind === 'establishment');
    expect((await call(app(), ctx.as.admin, 'PUT', '/api/v1/application-settings/establishment', { ...body, version: reset.version, supplementOverdue: 'lapse' })).statusCode).toBe(200);

    const lapsed = await fire(app(), ctx.as.admin, id, 'lapse');
    expect(lapsed.json()).toMatchObject({ state: 'withdrawn', outcome: 'lapsed' });
    expect((await get('shenqing', id)).json().decision).toMatchObject({ outcome: 'lapsed', title: '逾期未补正，视为撤回申请' });
  });

  it('takes the 补正 period per kind from the settings', async () => {
    const settings = (await call(app(), ctx.as.admin, 'GET', '/api/v1/application-settings')).json().items.find((s: { kind: string }) => s.kind === 'filing');
    expect(settings.stateDays.supplementRequested).toBe(15);
    const res = await call(app(), ctx.as.admin, 'PUT', '/api/v1/application-settings/filing', {
      version: settings.version,
      promisedDays: 10,
      reviewDepartmentIds: [],
      stateDays: { ...settings.stateDays, supplementRequested: 10 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.find((s: { kind: string }) => s.kind === 'filing').stateDays.supplementRequested).toBe(10);
    expect((await call(app(), null, 'GET', '/api/v1/application-guides/filing')).json().supplementDays).toBe(10);
  });
});

describe('what the applicant sees around the form', () => {
  it('keeps citizens’ unsubmitted drafts out of staff lists; the applicant still sees them', async () => {
    const draft = await fileDraft(app(), ctx.as.shenqing);
    const ids = async (who: 'admin' | 'xucun' | 'shenqing', query = '') => (await call(app(), ctx.as[who], 'GET', `/api/v1/applications?limit=100${query}`)).json().items.map((i: { id: string }) => i.id);
    expect(await ids('shenqing')).toContain(draft.id);
    expect(await ids('admin')).not.toContain(draft.id);
    expect(await ids('xucun')).not.toContain(draft.id);
    expect(await ids('admin', '&state=draft')).not.toContain(draft.id);
    const [{ n }] = await rows<{ n: number }>(app().database.db, sql`select count(*)::int as n from cases where case_type = 'application' and state = 'draft' and owner_user_id <> ${ctx.as.admin.userId}`);
    expect(n).toBeGreaterThan(0);
    expect((await call(app(), ctx.as.admin, 'GET', '/api/v1/applications?limit=100&state=draft')).json().items).toEqual([]);
  });

  it('calls an empty file empty, naming it, and a size limit in MB', async () => {
    const draft = await fileDraft(app(), ctx.as.shenqing);
    const empty = await attach(app(), ctx.as.shenqing, draft.id, 'charter', { name: '章程.pdf', content: Buffer.alloc(0) });
    const problem = expectProblem(empty, 422, 'validation') as unknown as Problem;
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'file', message: '“章程.pdf”是空文件（0 字节），请选择有内容的文件。' })]);
    const big = await attach(app(), ctx.as.shenqing, draft.id, 'charter', { name: 'big.pdf', content: Buffer.concat([PDF_BYTES, Buffer.alloc(20 * 1024 * 1024)]) });
    expect(expectProblem(big, 413, 'file_too_large').detail).toBe('单个文件不能超过 20 MB。');
  });

  it('offers a 办事指南 without login, with Word templates of the application letter and the model charter', async () => {
    const guide = await call(app(), null, 'GET', '/api/v1/application-guides/establishment');
    expect(guide.statusCode).toBe(200);
    const g = guide.json();
    expect(g).toMatchObject({ kindName: '成立登记', fees: '不收费', promisedDays: 10, supplementDays: 15, supplementOverdueName: '逾期未补正的，视为撤回申请' });
    expect(g.conditions.length).toBeGreaterThan(3);
    expect(g.legalBasis).toContain('《社会团体登记管理条例》');
    expect(g.materials.find((m: { key: string }) => m.key === 'charter').templateUrl).toBe('/api/v1/application-guides/establishment/templates/charter.docx');
    expect(g.templates.map((t: { name: string }) => t.name)).toEqual(['成立登记申请书', '章程示范文本']);
    for (const t of g.templates as { url: string; name: string }[]) {
      const res = await call(app(), null, 'GET', t.url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent(`${t.name}.docx`));
      // A real Word document: file-type (the upload check) reads it as .docx, so a filled-in copy uploads again.
      const { fileTypeFromBuffer } = await import('file-type');
      expect((await fileTypeFromBuffer(res.rawPayload))?.ext).toBe('docx');
      const text = res.rawPayload.toString('utf8');
      expect(text).toContain(t.name === '章程示范文本' ? '本单位坚持中国共产党的全面领导' : '拟登记名称');
    }
    expectProblem(await call(app(), null, 'GET', '/api/v1/application-guides/annualReport/templates/charter.docx'), 404);
    expect(failedFields(await call(app(), null, 'GET', '/api/v1/application-guides/teleport'))).toEqual(['kind']);
  });

  it('ends with a decision that says 准予 or 不予, on the page and in the applicant’s messages', async () => {
    const decided = await makeDecidingApplication(app(), { applicant: ctx.as.shenqing, admin: ctx.as.admin, minzheng: ctx.as.minzheng, weijian: ctx.as.weijian });
    expect((await get('shenqing', decided)).json().decision).toBeNull();
    expect((await fire(app(), ctx.as.admin, decided, 'approve', { comment: '符合条件，准予成立登记' })).statusCode).toBe(200);
    expect((await get('shenqing', decided)).json().decision).toMatchObject({ outcome: 'approved', title: '准予成立登记', comment: '符合条件，准予成立登记' });

    const refused = await makeSubmittedApplication(app(), ctx.as.shenqing);
    await fire(app(), ctx.as.admin, refused, 'reject', { comment: '拟登记名称与现有组织名称近似' });
    expect((await get('shenqing', refused)).json().decision).toMatchObject({ outcome: 'rejected', title: '不予成立登记', comment: '拟登记名称与现有组织名称近似' });
    const messages = (await call(app(), ctx.as.shenqing, 'GET', '/api/v1/notifications?limit=50')).json().items as { title: string; body: string }[];
    expect(messages.some((m) => m.title.startsWith('准予成立登记') && m.body.includes('经审查，准予成立登记'))).toBe(true);
    expect(messages.some((m) => m.title.startsWith('不予成立登记'))).toBe(true);
  });
});

describe('a draft is saved field by field without materials', () => {
  it('keeps materials for submission: a saved draft needs no files, the submission lists them all', async () => {
    const draft = await fileDraft(app(), ctx.as.shenqing);
    const res = await fire(app(), ctx.as.shenqing, draft.id, 'submit');
    expect(failedFields(res, 'validation')).toEqual(['materials.applicationLetter', 'materials.charter', 'materials.supervisorApproval', 'materials.premisesProof', 'materials.capitalProof', 'materials.legalRepId']);
    await attachAll(app(), ctx.as.shenqing, draft.id);
    expect((await fire(app(), ctx.as.shenqing, draft.id, 'submit')).statusCode).toBe(200);
  });
});
