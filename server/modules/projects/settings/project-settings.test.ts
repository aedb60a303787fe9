import { describe, expect, it } from 'vitest';
import { call, expectProblem, useTestApp } from '../../../test/harness.js';
import { makeCallingProject, refs } from '../project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'jigou2', 'auditor');
const app = () => ctx.t.app;

describe('project rules as data', () => {
  it('changes a rule’s threshold, checked against its kind, and the check follows at once', async () => {
    const rules = (await call(app(), ctx.as.weijian, 'GET', '/api/v1/eligibility-rules')).json().items as { code: string; version: number; params: Record<string, unknown> }[];
    const grade = rules.find((r) => r.code === 'grade3aAbove20wan')!;
    expect(grade.params).toEqual({ amountFen: 20_000_000, grade: '3A' });
    expectProblem(await call(app(), ctx.as.weijian, 'PATCH', '/api/v1/eligibility-rules/grade3aAbove20wan', { version: grade.version, params: { amountFen: 1, grade: '5A' } }), 403, 'forbidden');
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', '/api/v1/eligibility-rules/grade3aAbove20wan', { version: grade.version, params: { amountFen: 1, grade: '6A' } }), 422, 'validation');
    // Every project above 1 fen now needs a 5A organization; the second demo org's grade decides.
    const changed = await call(app(), ctx.as.admin, 'PATCH', '/api/v1/eligibility-rules/grade3aAbove20wan', { version: grade.version, params: { amountFen: 100, grade: '5A' }, description: '项目预算超过 1 元的，评估等级须达到 5A' });
    expect(changed.json()).toMatchObject({ version: grade.version + 1, params: { amountFen: 100, grade: '5A' } });
    const id = await makeCallingProject(app(), { dept: ctx.as.weijian, admin: ctx.as.admin });
    const r = await refs(app());
    const elig = (await call(app(), ctx.as.jigou2, 'GET', `/api/v1/projects/${id}/eligibility?orgId=${r.org2}`)).json();
    const rule = (elig.rules as { code: string; passed: boolean; reason: string | null }[]).find((x) => x.code === 'grade3aAbove20wan')!;
    const [org] = (await call(app(), ctx.as.admin, 'GET', `/api/v1/orgs/${r.org2}`)).json().grade === '5A' ? [true] : [false];
    expect(rule.passed).toBe(org);
    if (!org) expect(rule.reason).toContain('5A');
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', '/api/v1/eligibility-rules/grade3aAbove20wan', { version: grade.version, active: false }), 409, 'conflict');
  });

  it('keeps the bad-credit list with dates, and lifts a listing', async () => {
    const r = await refs(app());
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/credit-blacklist', { orgId: r.org2, reason: '虚报服务人次', listedOn: '2026-06-01', liftedOn: '2026-05-01' }), 422, 'validation');
    const added = await call(app(), ctx.as.admin, 'POST', '/api/v1/credit-blacklist', { orgId: r.org2, reason: '虚报服务人次，经核查属实', listedOn: '2026-06-01' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ active: true, liftedOn: null });
    expect((await call(app(), ctx.as.auditor, 'GET', '/api/v1/credit-blacklist')).json().items.some((b: { id: string }) => b.id === added.json().id)).toBe(true);
    const lifted = await call(app(), ctx.as.admin, 'POST', `/api/v1/credit-blacklist/${added.json().id}/lift`, { liftedOn: '2026-06-02' });
    expect(lifted.json()).toMatchObject({ active: false, liftedOn: '2026-06-02' });
  });

  it('edits the rubric and the evaluation standard only as wholes of 100 points with ordered grade bands', async () => {
    const rubric = (await call(app(), ctx.as.weijian, 'GET', '/api/v1/scoring-rubric')).json();
    expect(rubric.criteria.reduce((n: number, c: { maxPoints: number }) => n + c.maxPoints, 0)).toBe(100);
    const bad = rubric.criteria.map((c: { maxPoints: number }, i: number) => ({ ...c, maxPoints: i === 0 ? c.maxPoints + 1 : c.maxPoints }));
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', '/api/v1/scoring-rubric', { version: rubric.version, criteria: bad }), 422, 'validation');
    const ok = await call(app(), ctx.as.admin, 'PATCH', '/api/v1/scoring-rubric', { version: rubric.version, minExperts: 3, noticeWorkingDays: 7 });
    expect(ok.json()).toMatchObject({ minExperts: 3, noticeWorkingDays: 7, version: rubric.version + 1 });
    const std = (await call(app(), ctx.as.admin, 'GET', '/api/v1/evaluation-standard')).json();
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', '/api/v1/evaluation-standard', { version: std.version, bands: { excellent: 80, good: 85, pass: 60 } }), 422, 'validation');
    expect((await call(app(), ctx.as.admin, 'PATCH', '/api/v1/evaluation-standard', { version: std.version, bands: { excellent: 92, good: 80, pass: 60 } })).json().bands).toEqual({ excellent: 92, good: 80, pass: 60 });
  });
});
