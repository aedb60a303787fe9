import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { caseTypeOf, mermaidOf, targetsOf } from '../../platform/cases/define.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, useTestApp } from '../../test/harness.js';
import { fire } from '../applications/application-factories.js';
import { bid, callInput, expireCall, makeCallingProject, makePlannedProject, makeProposedProject, proposal, refs } from './project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'minzheng', 'xucun', 'auditor', 'jigou1', 'jigou2');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin });

async function movementsOf(projectId: string) {
  return rows<{ kind: string; amount_fen: string }>(db(), sql`select kind, amount_fen::text from fund_movements where project_id = ${projectId} order by seq`);
}

describe('purchased service projects: initiation', () => {
  it('draws a consistent table, shown in docs/workflows/serviceProject.md', () => {
    const def = caseTypeOf('serviceProject');
    for (const st of def.states) {
      if (!def.terminal.includes(st)) expect(def.transitions.some((t) => t.from.includes(st)), st).toBe(true);
      if (st !== def.initial) expect(def.transitions.some((t) => targetsOf(t).includes(st)), st).toBe(true);
    }
    expect(fs.readFileSync('docs/workflows/serviceProject.md', 'utf8')).toContain(mermaidOf(def));
  });

  it('lets a department propose for itself only, and reports every bad reference at once', async () => {
    const body = await proposal(app());
    const created = await call(app(), ctx.as.weijian, 'POST', '/api/v1/projects', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ state: 'draft', departmentName: '卫健局', budgetFen: 5_000_000, townNames: ['许村镇'] });
    // The proposing department may submit or withdraw its draft; the inbox says it is waiting on them.
    expect((created.json().case.abilities.events as { event: string }[]).map((e) => e.event).sort()).toEqual(['submit', 'withdraw']);
    const inbox = (await call(app(), ctx.as.weijian, 'GET', '/api/v1/inbox')).json().items as { id: string; task: string }[];
    expect(inbox.find((i) => i.id === created.json().id)?.task).toBe('填写项目需求并提交立项');

    const r = await refs(app());
    const other = await call(app(), ctx.as.weijian, 'POST', '/api/v1/projects', { ...body, departmentId: r.civilAffairs });
    expect(expectProblem(other, 422, 'validation')).toBeDefined();
    const bad = await call(app(), ctx.as.weijian, 'POST', '/api/v1/projects', { ...body, catalogCategoryId: crypto.randomUUID(), domains: ['elderly', 'nonsense'], townIds: [crypto.randomUUID()] });
    const paths = (bad.json().errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['catalogCategoryId', 'domains', 'townIds']));
    expectProblem(await call(app(), ctx.as.xucun, 'POST', '/api/v1/projects', body), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.weijian, 'POST', '/api/v1/projects', { ...body, indicators: [] }), 422, 'validation');
  });

  it('edits a draft under version control, then not once submitted', async () => {
    const created = (await call(app(), ctx.as.weijian, 'POST', '/api/v1/projects', await proposal(app()))).json();
    const edited = await call(app(), ctx.as.weijian, 'PATCH', `/api/v1/projects/${created.id}`, { version: created.case.version, budgetFen: 4_000_000, title: '许村镇独居老人关爱服务（修订）' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ budgetFen: 4_000_000, title: '许村镇独居老人关爱服务（修订）' });
    expectProblem(await call(app(), ctx.as.weijian, 'PATCH', `/api/v1/projects/${created.id}`, { version: created.case.version, budgetFen: 1_000_000 }), 409, 'conflict');
    expectProblem(await call(app(), ctx.as.minzheng, 'PATCH', `/api/v1/projects/${created.id}`, { version: edited.json().case.version, budgetFen: 1_000_000 }), 404, 'not_found');
    expect((await fire(app(), ctx.as.weijian, created.id, 'submit')).statusCode).toBe(200);
    const late = await call(app(), ctx.as.weijian, 'PATCH', `/api/v1/projects/${created.id}`, { version: edited.json().case.version + 1, budgetFen: 1_000_000 });
    expectProblem(late, 409, 'invalid_state');
  });

  it('approves into the plan by reserving the budget from the department’s allocation, exactly once', async () => {
    const id = await makeProposedProject(app(), ctx.as.weijian);
    const r = await refs(app());
    const [before] = await rows<{ reserved_fen: string }>(db(), sql`select a.reserved_fen::text from fund_allocations a where a.line_id = ${r.servicesLineId} and a.department_id = ${r.health}`);
    const version = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${id}`)).json().version;
    const answers = await Promise.all(Array.from({ length: 20 }, () => fire(app(), ctx.as.admin, id, 'approve', { version, input: { lineId: r.servicesLineId } })));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(19);
    expect(await movementsOf(id)).toEqual([{ kind: 'reserve', amount_fen: '5000000' }]);
    const [after] = await rows<{ reserved_fen: string }>(db(), sql`select a.reserved_fen::text from fund_allocations a where a.line_id = ${r.servicesLineId} and a.department_id = ${r.health}`);
    expect(Number(after.reserved_fen) - Number(before.reserved_fen)).toBe(5_000_000);
    const project = (await call(app(), ctx.as.weijian, 'GET', `/api/v1/projects/${id}`)).json();
    expect(project).toMatchObject({ state: 'planned', funds: { reservedFen: 5_000_000, committedFen: 0, paidFen: 0, lineId: r.servicesLineId } });
  });

  it('refuses to approve beyond the department’s allocation and changes nothing', async () => {
    const r = await refs(app());
    const id = await makeProposedProject(app(), ctx.as.weijian, { budgetFen: 600_000_000 });
    const res = await fire(app(), ctx.as.admin, id, 'approve', { input: { lineId: r.servicesLineId } });
    expect(expectProblem(res, 409, 'insufficient_funds').detail).toContain('卫健局');
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}`)).json().state).toBe('proposed');
    expect(await movementsOf(id)).toEqual([]);
    expectProblem(await fire(app(), ctx.as.weijian, id, 'approve', { input: { lineId: r.servicesLineId } }), 403, 'forbidden');
    expectProblem(await fire(app(), ctx.as.admin, id, 'reject', {}), 422, 'validation');
    expect((await fire(app(), ctx.as.admin, id, 'reject', { comment: '超出部门年度额度，请压缩预算后另行申报。' })).statusCode).toBe(200);
  });

  it('gives the reservation back when a planned project is cancelled', async () => {
    const id = await makePlannedProject(app(), s());
    expect((await fire(app(), ctx.as.admin, id, 'cancel', { comment: '需求已由其他渠道解决' })).statusCode).toBe(200);
    expect(await movementsOf(id)).toEqual([
      { kind: 'reserve', amount_fen: '5000000' },
      { kind: 'release', amount_fen: '5000000' },
    ]);
  });

  it('lists projects by stage, department and town, a department seeing only its own', async () => {
    const id = await makePlannedProject(app(), s());
    const r = await refs(app());
    const office = await call(app(), ctx.as.admin, 'GET', `/api/v1/projects?state=planned&departmentId=${r.health}&townId=${r.townId}`);
    expect((office.json().items as { id: string }[]).map((p) => p.id)).toContain(id);
    const mine = await call(app(), ctx.as.weijian, 'GET', '/api/v1/projects?limit=100');
    expect((mine.json().items as { departmentName: string }[]).every((p) => p.departmentName === '卫健局')).toBe(true);
    const others = await call(app(), ctx.as.minzheng, 'GET', '/api/v1/projects?limit=100');
    expect((others.json().items as { id: string }[]).map((p) => p.id)).not.toContain(id);
    expectProblem(await call(app(), ctx.as.minzheng, 'GET', `/api/v1/projects/${id}`), 404, 'not_found');
    expect((await call(app(), ctx.as.auditor, 'GET', `/api/v1/projects/${id}`)).statusCode).toBe(200);
    expectProblem(await call(app(), ctx.as.xucun, 'GET', '/api/v1/projects'), 403, 'forbidden');
  });
});

describe('purchased service projects: the unified call', () => {
  it('publishes a call that stays open at least five working days, visible without login', async () => {
    const id = await makePlannedProject(app(), s());
    const tooSoon = await fire(app(), ctx.as.admin, id, 'publishCall', { input: { ...(await callInput(app())), deadline: '2026-01-05' } });
    expect(expectProblem(tooSoon, 422, 'validation').detail).toBeDefined();
    expect((await fire(app(), ctx.as.admin, id, 'publishCall', { input: await callInput(app()) })).statusCode).toBe(200);
    const pub = await call(app(), null, 'GET', '/api/v1/public/calls');
    const listed = (pub.json().items as { projectId: string; procurementMethodName: string; budgetFen: number }[]).find((c) => c.projectId === id);
    expect(listed).toMatchObject({ procurementMethodName: '竞争性磋商', budgetFen: 5_000_000 });
  });

  it('takes bids from eligible organizations, sealed from staff until the deadline', async () => {
    const id = await makeCallingProject(app(), s());
    const r = await refs(app());
    const elig = await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org1}`);
    expect(elig.json()).toMatchObject({ eligible: true });
    expect((elig.json().rules as { passed: boolean }[]).length).toBe(5);

    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org1, 50_001)), 422, 'validation');
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org2)), 404, 'not_found');
    const first = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org1));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ totalFen: 4_500_000, state: 'submitted' });
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org1)), 409, 'duplicate');
    expect((await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org2, 40_000))).statusCode).toBe(201);

    const staffView = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/bids`)).json();
    expect(staffView).toMatchObject({ items: [], sealedCount: 2 });
    const own = (await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/bids`)).json();
    expect((own.items as { orgId: string }[]).map((b) => b.orgId)).toEqual([r.org1]);

    const revised = await call(app(), ctx.as.jigou1, 'PATCH', `/api/v1/bids/${first.json().id}`, { ...bid(r.org1, 48_000), orgId: undefined, version: 1 });
    expect(revised.json()).toMatchObject({ totalFen: 4_800_000, version: 2 });
    expectProblem(await call(app(), ctx.as.jigou2, 'PATCH', `/api/v1/bids/${first.json().id}`, { ...bid(r.org1), orgId: undefined, version: 2 }), 404, 'not_found');

    expectProblem(await fire(app(), ctx.as.admin, id, 'closeCall'), 409, 'invalid_state');
    await expireCall(app(), id);
    expectProblem(await call(app(), ctx.as.jigou1, 'PATCH', `/api/v1/bids/${first.json().id}`, { ...bid(r.org1), orgId: undefined, version: 2 }), 409, 'invalid_state');
    expect((await fire(app(), ctx.as.admin, id, 'closeCall')).statusCode).toBe(200);
    const opened = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/bids`)).json();
    expect((opened.items as { orgName: string }[]).length).toBe(2);
    expect((await call(app(), ctx.as.weijian, 'GET', `/api/v1/projects/${id}`)).json()).toMatchObject({ state: 'procuring', bidCount: 2 });
  });

  it('tells an organization on the bad-credit list which rule it fails, and refuses its bid', async () => {
    const id = await makeCallingProject(app(), s());
    const r = await refs(app());
    await db().execute(sql`insert into credit_blacklist (org_id, reason, listed_on) values (${r.org2}, '2025 年度项目评估不合格且拒不整改', '2026-01-01')`);
    try {
      const elig = (await call(app(), ctx.as.jigou2, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org2}`)).json();
      expect(elig.eligible).toBe(false);
      const failed = (elig.rules as { code: string; passed: boolean; reason: string }[]).filter((x) => !x.passed);
      expect(failed.map((f) => f.code)).toEqual(['noBadCredit']);
      expect(failed[0].reason).toContain('拒不整改');
      const res = await call(app(), ctx.as.jigou2, 'POST', `/api/v1/projects/${id}/bids`, bid(r.org2));
      expect((expectProblem(res, 422, 'validation') as unknown as { errors: { path: string; message: string }[] }).errors[0]).toMatchObject({ path: 'eligibility.noBadCredit' });
      expectProblem(await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org2}`), 404, 'not_found');
    } finally {
      await db().execute(sql`update credit_blacklist set lifted_on = '2026-01-02' where org_id = ${r.org2}`);
    }
  });

  it('refuses to close a call that drew no bids, which can be published again or cancelled', async () => {
    const id = await makeCallingProject(app(), s());
    await expireCall(app(), id);
    const res = await fire(app(), ctx.as.admin, id, 'closeCall');
    expect(expectProblem(res, 409, 'invalid_state').detail).toContain('没有社会组织申报');
    expect(await rows(db(), sql`select 1 from fund_movements where project_id = ${id} and kind = 'release'`)).toHaveLength(0);
    expect((await fire(app(), ctx.as.admin, id, 'reopenCall', { input: await callInput(app()) })).statusCode).toBe(200);
    expect((await fire(app(), ctx.as.admin, id, 'cancel', { comment: '两次征集均无机构申报' })).statusCode).toBe(200);
    expect((await movementsOf(id)).map((m) => m.kind)).toEqual(['reserve', 'release']);
  });
});
