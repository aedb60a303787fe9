import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/sql.js';
import { systemContext } from '../../../platform/http/context.js';
import { call, expectProblem, useTestApp } from '../../../test/harness.js';
import { fire } from '../../applications/application-factories.js';
import { moveFunds } from '../../funds/index.js';
import { bid, endServiceTerm, makeCallingProject, makeImplementingProject, refs, serviceRecord } from '../project-factories.js';
import { flagOverdueRectifications } from '../supervision/flag-overdue-rectifications.js';

const ctx = useTestApp('admin', 'weijian', 'auditor', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

type Payment = { id: string; state: string; version: number; amountFen: number; conditionMet: boolean; milestoneId: string };
type Milestone = { id: string; condition: string; amountFen: number; paidAt: string | null };

async function milestones(id: string): Promise<Milestone[]> {
  return (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/contract`)).json().milestones as Milestone[];
}

async function ledger(id: string) {
  return rows<{ kind: string; amount_fen: string }>(db(), sql`select kind, amount_fen::text from fund_movements where project_id = ${id} order by seq`);
}

async function payMilestone(id: string, m: Milestone, voucherNo: string) {
  const req = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: m.id });
  expect(req.statusCode, req.body).toBe(201);
  const paid = await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${req.json().id}/pay`, { voucherNo, version: req.json().version });
  expect(paid.statusCode, paid.body).toBe(200);
  return paid.json<Payment>();
}

describe('implementation: service records, indicators and monthly reports', () => {
  it('lets the provider record services that add up per indicator; others may only read', async () => {
    const id = await makeImplementingProject(app(), s());
    const first = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord());
    expect(first.statusCode).toBe(201);
    await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord({ progress: [{ indicator: 0, value: 15 }] }));
    const progress = (await call(app(), ctx.as.weijian, 'GET', `/api/v1/projects/${id}/indicators`)).json().items as { achieved: number; percent: number; target: number }[];
    expect(progress.map((p) => [p.achieved, p.percent])).toEqual([
      [40, 20],
      [25, 104.2],
      [0, 0],
    ]);
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord()), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord()), 404, 'not_found');
    const bad = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord({ servedOn: '2099-01-01', progress: [{ indicator: 9, value: 1 }] }));
    expect((expectProblem(bad, 422, 'validation') as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(expect.arrayContaining(['servedOn', 'progress.0.indicator']));

    const month = new Date().toISOString().slice(0, 7);
    const report = { month, summary: '本月完成 40 人次入户探访，建立服务档案 25 份。', problems: '部分老人白天外出', nextPlan: '调整探访时段' };
    expect((await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/reports`, report)).statusCode).toBe(201);
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/reports`, report), 409, 'duplicate');
    expect((await call(app(), ctx.as.auditor, 'GET', `/api/v1/projects/${id}/reports`)).json().items).toHaveLength(1);
  });
});

describe('supervision gates payment; payments happen exactly once', () => {
  it('pays the first instalment at once, the second only after the mid-term problems are rectified', async () => {
    const id = await makeImplementingProject(app(), s());
    const [signing, midterm] = await milestones(id);
    await payMilestone(id, signing, `PZ-${id.slice(0, 6)}-1`);

    const early = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: midterm.id });
    expect(expectProblem(early, 409, 'invalid_state').detail).toContain('中期督导');

    const visit = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, {
      kind: 'midterm',
      visitedOn: new Date().toISOString().slice(0, 10),
      findings: '服务档案不完整，部分探访记录缺少老人签字。',
      result: 'rectify',
      rectifications: [{ item: '补齐 25 份服务档案中的探访签字', workingDays: 10 }],
    });
    expect(visit.statusCode).toBe(201);
    expect(visit.json()).toMatchObject({ cleared: false, resultName: '限期整改' });
    const item = visit.json().rectifications[0] as { id: string; version: number; dueOn: string };
    expect(item.dueOn > new Date().toISOString().slice(0, 10)).toBe(true);
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: midterm.id }), 409, 'invalid_state');
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/rectifications/${item.id}/review`, { accept: true, version: item.version }), 403, 'forbidden');

    const responded = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/rectifications/${item.id}/response`, { response: '已逐户补签，档案已更新。', version: item.version });
    expect(responded.json()).toMatchObject({ state: 'submitted' });
    const sentBack = await call(app(), ctx.as.admin, 'POST', `/api/v1/rectifications/${item.id}/review`, { accept: false, comment: '仍有 3 份缺签', version: responded.json().version });
    expect(sentBack.json()).toMatchObject({ state: 'open', reviewComment: '仍有 3 份缺签' });
    const again = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/rectifications/${item.id}/response`, { response: '3 份已补签。', version: sentBack.json().version });
    const closed = await call(app(), ctx.as.admin, 'POST', `/api/v1/rectifications/${item.id}/review`, { accept: true, version: again.json().version });
    expect(closed.json()).toMatchObject({ state: 'closed' });
    expect((await call(app(), ctx.as.weijian, 'GET', `/api/v1/projects/${id}/supervision`)).json().items[0].cleared).toBe(true);

    await payMilestone(id, midterm, `PZ-${id.slice(0, 6)}-2`);
    expect((await ledger(id)).filter((m) => m.kind === 'pay').map((m) => m.amount_fen)).toEqual(['1800000', '1350000']);
  });

  it('flags a rectification past its deadline once, and tells the provider and the office', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    // Items other tests left past their deadline are flagged first, so the count below is this test's item alone.
    await flagOverdueRectifications(db(), today);
    const id = await makeImplementingProject(app(), s());
    const visit = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, {
      kind: 'routine',
      visitedOn: new Date().toISOString().slice(0, 10),
      findings: '活动签到表缺失。',
      result: 'rectify',
      rectifications: [{ item: '补齐活动签到表', workingDays: 3 }],
    });
    const item = visit.json().rectifications[0] as { id: string };
    await db().execute(sql`update rectifications set due_on = current_date - 2 where id = ${item.id}`);
    expect(await flagOverdueRectifications(db(), today)).toBe(1);
    expect(await flagOverdueRectifications(db(), today)).toBe(0);
    const [row] = await rows<{ flagged: boolean }>(db(), sql`select overdue_notified_at is not null as flagged from rectifications where id = ${item.id}`);
    expect(row.flagged).toBe(true);
    const title = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}`)).json().title as string;
    for (const who of [ctx.as.jigou1, ctx.as.admin]) {
      const bell = (await call(app(), who, 'GET', '/api/v1/notifications?limit=100')).json().items as { title: string }[];
      expect(bell.some((n) => n.title === `整改超期：${title}`)).toBe(true);
    }
    const shown = (await call(app(), ctx.as.weijian, 'GET', `/api/v1/projects/${id}/supervision`)).json().items[0].rectifications[0];
    expect(shown.overdue).toBe(true);
  });

  it('takes one request per milestone and pays it once, however many times it is sent', async () => {
    const id = await makeImplementingProject(app(), s());
    const [signing] = await milestones(id);
    const requests = await Promise.all(Array.from({ length: 5 }, () => call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: signing.id })));
    expect(requests.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of requests.filter((x) => x.statusCode !== 201)) expectProblem(r, 409, 'duplicate');
    const payment = requests.find((r) => r.statusCode === 201)!.json<Payment>();

    const pays = await Promise.all(Array.from({ length: 8 }, (_, i) => call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${payment.id}/pay`, { voucherNo: `PZ-P-${i}-${id.slice(0, 4)}`, version: payment.version })));
    expect(pays.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(pays.filter((r) => r.statusCode === 409)).toHaveLength(7);
    expect((await ledger(id)).filter((m) => m.kind === 'pay')).toHaveLength(1);
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: signing.id }), 409, 'invalid_state');
  });

  it('replays the first answer for a retried Idempotency-Key and refuses the key for another request', async () => {
    const id = await makeImplementingProject(app(), s());
    const [signing] = await milestones(id);
    const key = `pay-${id}`;
    const req = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: signing.id }, { 'idempotency-key': `req-${id}` });
    const replayedRequest = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: signing.id }, { 'idempotency-key': `req-${id}` });
    expect(replayedRequest.statusCode).toBe(201);
    expect(replayedRequest.headers['idempotent-replayed']).toBe('true');
    expect(replayedRequest.json().id).toBe(req.json().id);

    const body = { voucherNo: `PZ-IK-${id.slice(0, 6)}`, version: req.json().version };
    const first = await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${req.json().id}/pay`, body, { 'idempotency-key': key });
    const retry = await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${req.json().id}/pay`, body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${req.json().id}/pay`, { ...body, voucherNo: 'PZ-OTHER-1' }, { 'idempotency-key': key }), 422, 'idempotency_mismatch');
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${req.json().id}/pay`, body, { 'idempotency-key': 'short' }), 400, 'bad_request');
    expect((await ledger(id)).filter((m) => m.kind === 'pay')).toHaveLength(1);
  });

  it('refuses a payment the ledger cannot cover and changes nothing', async () => {
    const id = await makeImplementingProject(app(), s());
    const [signing] = await milestones(id);
    const req = (await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: signing.id })).json<Payment>();
    // Someone released most of the commitment meanwhile (a contract amendment, say): the money is no longer there.
    const [p] = await rows<{ allocation_id: string }>(db(), sql`select allocation_id from service_projects where case_id = ${id}`);
    await db().transaction((tx) => moveFunds(tx, systemContext('test'), { allocationId: p.allocation_id, kind: 'decommit', amountFen: 4_000_000, projectId: id }));
    const before = await ledger(id);
    const res = await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${req.id}/pay`, { voucherNo: `PZ-NO-${id.slice(0, 6)}`, version: req.version });
    expectProblem(res, 409, 'insufficient_funds');
    expect(await ledger(id)).toEqual(before);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/payments`)).json().items[0]).toMatchObject({ state: 'requested' });
    expect((await milestones(id))[0].paidAt).toBeNull();
  });
});

describe('the service term guards the final report and the evaluation (issue 15 §5)', () => {
  it('refuses the final report on the day a 12-month contract is signed; the office decides early completion with a reason, once, audited and told to the provider', async () => {
    const id = await makeImplementingProject(app(), s());
    await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord());
    const contract = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/contract`)).json();
    expect(contract).toMatchObject({ earlyCompletion: null, finalReportOpen: false });
    const early = expectProblem(await fire(app(), ctx.as.jigou1, id, 'submitFinalReport', { input: { summary: '项目服务期满，完成全部服务内容，详见终期报告正文。' } }), 409, 'invalid_state');
    expect(early.detail).toContain(`服务期至 ${contract.endOn} 结束`);
    expect(early.detail).toContain('提前结项决定');

    // Only the office decides, with a reason, on the current version.
    expect((await fire(app(), ctx.as.jigou1, id, 'decideEarlyCompletion', { input: { reason: '服务内容已提前全部完成。' } })).statusCode).toBeGreaterThanOrEqual(403);
    expectProblem(await fire(app(), ctx.as.admin, id, 'decideEarlyCompletion', { input: { reason: '太短' } }), 422, 'validation');
    const version = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${id}`)).json().version as number;
    expectProblem(await fire(app(), ctx.as.admin, id, 'decideEarlyCompletion', { version: version - 1, input: { reason: '合同约定的服务内容已全部完成，经督导核实同意提前结项。' } }), 409, 'conflict');
    const [{ before }] = await rows<{ before: number }>(db(), sql`select count(*)::int as before from notifications where case_id = ${id}`);
    const decided = await fire(app(), ctx.as.admin, id, 'decideEarlyCompletion', { version, input: { reason: '合同约定的服务内容已全部完成，经督导核实同意提前结项。' } });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'implementing', version: version + 1 });
    const [audit] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where entity_id = ${id} and detail->>'event' = 'decideEarlyCompletion'`);
    expect(audit.n).toBe(1);
    const told = await rows<{ username: string }>(db(), sql`select u.username from notifications n join users u on u.id = n.user_id where n.case_id = ${id} order by n.created_at desc limit 10`);
    expect(told.map((u) => u.username)).toContain('jigou1');
    expect((await rows<{ n: number }>(db(), sql`select count(*)::int as n from notifications where case_id = ${id}`))[0].n).toBeGreaterThan(before);
    expect((await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/contract`)).json()).toMatchObject({ earlyCompletion: { reason: '合同约定的服务内容已全部完成，经督导核实同意提前结项。' }, finalReportOpen: true });
    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'decideEarlyCompletion', { input: { reason: '再次决定提前结项，理由同上，请核实。' } }), 409, 'invalid_state').detail).toContain('已作出提前结项决定');

    expect((await fire(app(), ctx.as.jigou1, id, 'submitFinalReport', { input: { summary: '服务内容提前全部完成，详见终期报告正文及服务记录。' } })).statusCode).toBe(200);
  });

  it('refuses the evaluation of a project whose term still runs without a decision, and needs no decision once the term is over', async () => {
    const id = await makeImplementingProject(app(), s());
    await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord());
    await endServiceTerm(app(), id);
    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'decideEarlyCompletion', { input: { reason: '合同约定的服务内容已全部完成，同意提前结项。' } }), 409, 'invalid_state').detail).toContain('届满');
    expect((await fire(app(), ctx.as.jigou1, id, 'submitFinalReport', { input: { summary: '项目服务期满，完成全部服务内容，详见终期报告正文。' } })).statusCode).toBe(200);
    // A project that reached evaluation before the rule, its term still running: the evaluation waits.
    await db().execute(sql`update project_contracts set end_on = current_date + 200 where project_id = ${id}`);
    const scores = { outputs: 28, outcomes: 25, satisfaction: 18, finances: 9, management: 8 };
    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'evaluate', { input: { scores, summary: '产出超额完成，成效明显。' } }), 409, 'invalid_state').detail).toContain('终期评估');
  });
});

describe('evaluation and closure', () => {
  it('grades the project, pays the rest, closes it and puts the grade on the provider’s record', async () => {
    const id = await makeImplementingProject(app(), s());
    const [signing, midterm, final] = await milestones(id);
    await payMilestone(id, signing, `PZ-E-${id.slice(0, 6)}-1`);
    expectProblem(await fire(app(), ctx.as.jigou1, id, 'submitFinalReport', { input: { summary: '项目服务期满，完成全部服务内容，详见终期报告正文。' } }), 409, 'invalid_state');
    await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord());
    await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, { kind: 'midterm', visitedOn: new Date().toISOString().slice(0, 10), findings: '服务规范，档案完整。', result: 'pass' });
    await payMilestone(id, midterm, `PZ-E-${id.slice(0, 6)}-2`);
    await endServiceTerm(app(), id);
    expect((await fire(app(), ctx.as.jigou1, id, 'submitFinalReport', { input: { summary: '项目服务期满，完成全部服务内容，详见终期报告正文。' } })).statusCode).toBe(200);

    expectProblem(await fire(app(), ctx.as.admin, id, 'evaluate', { input: { scores: { outputs: 31, outcomes: 25, satisfaction: 18, finances: 9, management: 9 }, summary: '产出超额完成，成效明显。' } }), 422, 'validation');
    const evaluated = await fire(app(), ctx.as.admin, id, 'evaluate', { input: { scores: { outputs: 28, outcomes: 25, satisfaction: 18, finances: 9, management: 8 }, summary: '产出超额完成，成效明显，资金使用规范。' } });
    expect(evaluated.statusCode).toBe(200);
    expect((await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/evaluation`)).json()).toMatchObject({ total: 88, grade: 'good', gradeName: '良好' });

    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'close', { input: { closingReport: '项目按合同完成，资料已归档。' } }), 409, 'invalid_state').detail).toContain('尾款');
    await payMilestone(id, final, `PZ-E-${id.slice(0, 6)}-3`);
    expect((await fire(app(), ctx.as.admin, id, 'close', { input: { closingReport: '项目按合同完成，资料已归档。' } })).statusCode).toBe(200);
    const project = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}`)).json();
    expect(project).toMatchObject({ state: 'closed', funds: { reservedFen: 0, committedFen: 0, paidFen: 4_500_000 } });
  });

  it('withholds the final payment after a failed evaluation and keeps the provider out of new calls', async () => {
    const id = await makeImplementingProject(app(), s());
    const [signing, midterm] = await milestones(id);
    await payMilestone(id, signing, `PZ-F-${id.slice(0, 6)}-1`);
    await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord());
    await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/supervision`, { kind: 'midterm', visitedOn: new Date().toISOString().slice(0, 10), findings: '基本规范。', result: 'pass' });
    await payMilestone(id, midterm, `PZ-F-${id.slice(0, 6)}-2`);
    await endServiceTerm(app(), id);
    expect((await fire(app(), ctx.as.jigou1, id, 'submitFinalReport', { input: { summary: '服务期满，部分服务内容因人员变动未能按计划完成，详见终期报告。' } })).statusCode).toBe(200);
    const failed = await fire(app(), ctx.as.admin, id, 'evaluate', { input: { scores: { outputs: 12, outcomes: 10, satisfaction: 12, finances: 8, management: 6 }, summary: '产出与成效指标大幅未完成。' } });
    expect(failed.json()).toMatchObject({ state: 'closing', outcome: 'evaluated:fail' });
    expect(expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: (await milestones(id))[2].id }), 409, 'invalid_state').detail).toContain('不合格');
    expect((await fire(app(), ctx.as.admin, id, 'close', { input: { closingReport: '评估不合格，尾款不予支付，结项归档。' } })).statusCode).toBe(200);
    expect((await ledger(id)).slice(-1)).toEqual([{ kind: 'decommit', amount_fen: '1350000' }]);

    const r = await refs(app());
    const next = await makeCallingProject(app(), s());
    const elig = (await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${next}/eligibility?orgId=${r.org1}`)).json();
    expect(elig.eligible).toBe(false);
    expect((elig.rules as { code: string; passed: boolean }[]).filter((x) => !x.passed).map((x) => x.code)).toEqual(['noFailedEvaluation']);
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${next}/bids`, bid(r.org1)), 422, 'validation');
  });
});
