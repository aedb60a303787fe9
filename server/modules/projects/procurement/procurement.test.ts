import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/sql.js';
import { call, expectProblem, useTestApp } from '../../../test/harness.js';
import { fire } from '../../applications/application-factories.js';
import { contractInput, evaluatorIds, expireNotice, makeProcuringProject, makeScoredProject, refs, split } from '../project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'minzheng', 'auditor', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2', 'zhuanjia3');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

describe('unified procurement: the expert panel', () => {
  it('assigns only evaluators, only by the office, only during procurement', async () => {
    const id = await makeProcuringProject(app(), s());
    const experts = await evaluatorIds(app());
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/experts`, { userIds: [ctx.as.weijian.userId] }), 422, 'validation');
    expectProblem(await call(app(), ctx.as.weijian, 'POST', `/api/v1/projects/${id}/experts`, { userIds: [experts.zhuanjia1] }), 403, 'forbidden');
    const ok = await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/experts`, { userIds: [experts.zhuanjia1, experts.zhuanjia3] });
    expect((ok.json().items as { state: string }[]).map((e) => e.state)).toEqual(['assigned', 'assigned']);
    const bell = (await call(app(), ctx.as.zhuanjia1, 'GET', '/api/v1/notifications')).json().items as { title: string }[];
    expect(bell.some((n) => n.title.startsWith('评审邀请'))).toBe(true);
  });

  it('shows an expert bids only after a no-conflict declaration, recuses on a conflict, and hides other projects', async () => {
    const id = await makeProcuringProject(app(), s());
    const experts = await evaluatorIds(app());
    await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/experts`, { userIds: [experts.zhuanjia1, experts.zhuanjia3] });
    const before = (await call(app(), ctx.as.zhuanjia1, 'GET', `/api/v1/reviews/${id}`)).json();
    expect(before).toMatchObject({ state: 'assigned', bids: [] });
    // The bidders' names, and nothing of their bids, so that the expert can declare against them.
    expect(before.bidders).toHaveLength(2);
    expect(before.bidders.every((n: unknown) => typeof n === 'string' && n.length > 0)).toBe(true);
    expectProblem(await call(app(), ctx.as.zhuanjia2, 'GET', `/api/v1/reviews/${id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.zhuanjia3, 'POST', `/api/v1/reviews/${id}/declaration`, { hasConflict: true }), 422, 'validation');
    expect((await call(app(), ctx.as.zhuanjia3, 'POST', `/api/v1/reviews/${id}/declaration`, { hasConflict: true, note: '曾担任申报机构的督导顾问' })).json()).toEqual({ state: 'recused' });
    expect((await call(app(), ctx.as.zhuanjia3, 'GET', `/api/v1/reviews/${id}`)).json().bids).toEqual([]);
    await call(app(), ctx.as.zhuanjia1, 'POST', `/api/v1/reviews/${id}/declaration`, { hasConflict: false });
    const review = (await call(app(), ctx.as.zhuanjia1, 'GET', `/api/v1/reviews/${id}`)).json<{ bids: { bidId: string }[]; rubric: { key: string; maxPoints: number }[] }>();
    expect(review.bids).toHaveLength(2);
    expect(review.rubric.reduce((n, r) => n + r.maxPoints, 0)).toBe(100);
    expectProblem(await call(app(), ctx.as.zhuanjia3, 'PUT', `/api/v1/bids/${review.bids[0].bidId}/scores`, { scores: split(80) }), 409, 'invalid_state');
    expectProblem(await call(app(), ctx.as.zhuanjia2, 'PUT', `/api/v1/bids/${review.bids[0].bidId}/scores`, { scores: split(80) }), 404, 'not_found');
    const mine = (await call(app(), ctx.as.zhuanjia3, 'GET', '/api/v1/reviews')).json().items as { projectId: string; state: string }[];
    expect(mine.find((r) => r.projectId === id)?.state).toBe('recused');
  });

  it('takes whole points within each criterion, and every criterion', async () => {
    const id = await makeProcuringProject(app(), s());
    const experts = await evaluatorIds(app());
    await call(app(), ctx.as.admin, 'POST', `/api/v1/projects/${id}/experts`, { userIds: [experts.zhuanjia1] });
    await call(app(), ctx.as.zhuanjia1, 'POST', `/api/v1/reviews/${id}/declaration`, { hasConflict: false });
    const [bid] = (await call(app(), ctx.as.zhuanjia1, 'GET', `/api/v1/reviews/${id}`)).json().bids as { bidId: string }[];
    const url = `/api/v1/bids/${bid.bidId}/scores`;
    const over = await call(app(), ctx.as.zhuanjia1, 'PUT', url, { scores: { plan: 41, team: 20, budget: 15, record: 10 } });
    expect((expectProblem(over, 422, 'validation') as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['scores.plan']);
    expectProblem(await call(app(), ctx.as.zhuanjia1, 'PUT', url, { scores: { plan: 30, team: 20, budget: 15 } }), 422, 'validation');
    expectProblem(await call(app(), ctx.as.zhuanjia1, 'PUT', url, { scores: { ...split(80), bonus: 5 } }), 422, 'validation');
    expectProblem(await call(app(), ctx.as.zhuanjia1, 'PUT', url, { scores: { plan: -1, team: 20, budget: 15, record: 10 } }), 422, 'validation');
    expectProblem(await call(app(), ctx.as.zhuanjia1, 'PUT', url, { scores: { plan: 30.5, team: 20, budget: 15, record: 10 } }), 422, 'validation');
    expect((await call(app(), ctx.as.zhuanjia1, 'PUT', url, { scores: split(80), comment: '方案扎实' })).json()).toEqual({ bidId: bid.bidId, total: 80 });
    expect((await call(app(), ctx.as.zhuanjia1, 'PUT', url, { scores: split(82) })).json().total).toBe(82);
  });
});

describe('unified procurement: recommendation, notice, objections and award', () => {
  it('recommends only when the panel is complete, then ranks by mean score', async () => {
    const id = await makeProcuringProject(app(), s());
    const early = await fire(app(), ctx.as.admin, id, 'recommend');
    expect(expectProblem(early, 409, 'invalid_state').detail).toContain('评审专家不足');
    const scored = await makeScoredProject(app(), s());
    const r = await refs(app());
    const ranking = (await call(app(), ctx.as.weijian, 'GET', `/api/v1/projects/${scored}/ranking`)).json();
    expect(ranking.complete).toBe(true);
    expect(ranking.items.map((i: { orgId: string; average: number; rank: number }) => [i.rank, i.orgId, i.average])).toEqual([
      [1, r.org1, 86],
      [2, r.org2, 76],
    ]);
    expect((await fire(app(), ctx.as.admin, scored, 'recommend')).statusCode).toBe(200);
    const after = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${scored}/ranking`)).json();
    expect(after.recommendedBidId).toBe(ranking.items[0].bidId);
    expect(after.noticeEndsOn > after.noticeStartsOn).toBe(true);
    // Scores are frozen once the recommendation is on notice.
    expectProblem(await call(app(), ctx.as.zhuanjia1, 'PUT', `/api/v1/bids/${ranking.items[1].bidId}/scores`, { scores: split(99) }), 409, 'invalid_state');
    expectProblem(await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${scored}/ranking`), 403, 'forbidden');
  });

  it('refuses the award during the notice period and while an objection is unanswered', async () => {
    const id = await makeScoredProject(app(), s());
    await fire(app(), ctx.as.admin, id, 'recommend');
    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'award'), 409, 'invalid_state').detail).toContain('公示期内');
    const objection = await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/objections`, { text: '推荐机构团队中一名社工同时在其他项目全职任职，请核实。' });
    expect(objection.statusCode).toBe(201);
    expect((await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/objections`)).json().items).toEqual([]);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/objections`)).json().items).toHaveLength(1);
    await expireNotice(app(), id);
    expectProblem(await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/objections`, { text: '公示期已过还想再提一条异议内容。' }), 409, 'invalid_state');
    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'award'), 409, 'invalid_state').detail).toContain('未答复');
    const o = objection.json();
    expectProblem(await call(app(), ctx.as.weijian, 'POST', `/api/v1/objections/${o.id}/answer`, { answer: '经核实不成立', upheld: false, version: o.version }), 403, 'forbidden');
    const answered = await call(app(), ctx.as.admin, 'POST', `/api/v1/objections/${o.id}/answer`, { answer: '经核实，该社工已于上月离职，异议不成立。', upheld: false, version: o.version });
    expect(answered.json()).toMatchObject({ upheld: false, version: 2 });
    const version = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${id}`)).json().version;
    const answers = await Promise.all(Array.from({ length: 10 }, () => fire(app(), ctx.as.admin, id, 'award', { version })));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    // The provider's members now see the project; the other bidder does not.
    expect((await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}`)).json()).toMatchObject({ state: 'awarded' });
    expectProblem(await call(app(), ctx.as.jigou2, 'GET', `/api/v1/projects/${id}`), 404, 'not_found');
  });

  it('sends the project back to the panel when an objection is upheld', async () => {
    const id = await makeScoredProject(app(), s());
    await fire(app(), ctx.as.admin, id, 'recommend');
    const o = (await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/objections`, { text: '推荐机构的评分计算有误，预算项目重复计算。' })).json();
    await call(app(), ctx.as.admin, 'POST', `/api/v1/objections/${o.id}/answer`, { answer: '经复核，评分汇总有误，异议成立。', upheld: true, version: o.version });
    await expireNotice(app(), id);
    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'award'), 409, 'invalid_state').detail).toContain('重新评审');
    expect((await fire(app(), ctx.as.admin, id, 'reconsider', { comment: '异议成立，重新评审' })).statusCode).toBe(200);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}`)).json().state).toBe('procuring');
  });
});

describe('the contract and its payment schedule', () => {
  async function awarded() {
    const id = await makeScoredProject(app(), s());
    await fire(app(), ctx.as.admin, id, 'recommend');
    await expireNotice(app(), id);
    const res = await fire(app(), ctx.as.admin, id, 'award');
    if (res.statusCode !== 200) throw new Error(res.body);
    return id;
  }

  it('refuses a schedule that does not add up, a value above the reservation, or no final payment', async () => {
    const id = await awarded();
    const bad = contractInput(4_500_000);
    bad.milestones[2].amountFen -= 1;
    expect(expectProblem(await fire(app(), ctx.as.admin, id, 'signContract', { input: bad }), 422, 'validation').detail).toBeDefined();
    expectProblem(await fire(app(), ctx.as.admin, id, 'signContract', { input: contractInput(5_000_001) }), 409, 'insufficient_funds');
    const noFinal = contractInput(4_500_000);
    noFinal.milestones[2].condition = 'midtermSupervision';
    expectProblem(await fire(app(), ctx.as.admin, id, 'signContract', { input: noFinal }), 422, 'validation');
    expect(await rows(db(), sql`select 1 from project_contracts where project_id = ${id}`)).toHaveLength(0);
  });

  it('commits the contract value, releases the rest of the reservation, and shows the schedule to the provider', async () => {
    const id = await awarded();
    const input = contractInput(4_500_000);
    expect((await fire(app(), ctx.as.admin, id, 'signContract', { input })).statusCode).toBe(200);
    const moves = await rows<{ kind: string; amount_fen: string }>(db(), sql`select kind, amount_fen::text from fund_movements where project_id = ${id} order by seq`);
    expect(moves).toEqual([
      { kind: 'reserve', amount_fen: '5000000' },
      { kind: 'commit', amount_fen: '4500000' },
      { kind: 'release', amount_fen: '500000' },
    ]);
    const contract = (await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/contract`)).json();
    expect(contract).toMatchObject({ valueFen: 4_500_000, number: input.contractNumber });
    expect((contract.milestones as { amountFen: number }[]).reduce((n, m) => n + m.amountFen, 0)).toBe(4_500_000);
    expectProblem(await call(app(), ctx.as.jigou2, 'GET', `/api/v1/projects/${id}/contract`), 404, 'not_found');
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}`)).json()).toMatchObject({ state: 'implementing', funds: { reservedFen: 0, committedFen: 4_500_000 } });
  });
});
