// Issue 18 §1, "moved onto it": a project's final evaluation is scored in the assessment engine — the city's evaluation
// standard is its published rubric of kind `evaluation`, each evaluation a round in the project's case with the
// evaluator's sheet — while the project keeps its rules and the grade on its record.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/sql.js';
import { call, expectProblem, useTestApp } from '../../../test/harness.js';
import { fire } from '../../applications/application-factories.js';
import { endServiceTerm, makeImplementingProject, serviceRecord } from '../project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'auditor', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

async function evaluatingProject() {
  const id = await makeImplementingProject(app(), s());
  await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/service-records`, serviceRecord());
  await endServiceTerm(app(), id);
  const report = await fire(app(), ctx.as.jigou1, id, 'submitFinalReport', { input: { summary: '项目服务期满，完成全部服务内容，详见终期报告正文。' } });
  if (report.statusCode !== 200) throw new Error(report.body);
  return id;
}

type Standard = { cityId: string; name: string; criteria: { key: string; name: string; maxPoints: number; description: string }[]; bands: { excellent: number; good: number; pass: number }; version: number };
const standard = async () => (await call(app(), ctx.as.admin, 'GET', '/api/v1/evaluation-standard')).json<Standard>();

describe('the final evaluation on the assessment engine', () => {
  it('scores the project in a round of its own case on the published standard, and shows the sheet from the engine', async () => {
    const std = await standard();
    expect(std.criteria.map((c) => [c.key, c.maxPoints])).toEqual([
      ['outputs', 30],
      ['outcomes', 30],
      ['satisfaction', 20],
      ['finances', 10],
      ['management', 10],
    ]);
    // The standard is the city's published evaluation rubric: the engine lists it, and its version is the form's.
    const rubrics = (await call(app(), ctx.as.admin, 'GET', '/api/v1/assessment/rubrics?kind=evaluation')).json<{ items: { version: number; state: string; maxPoints: number }[] }>().items;
    expect(rubrics.find((r) => r.state === 'published')).toMatchObject({ version: std.version, maxPoints: 100 });

    const id = await evaluatingProject();
    const scores = { outputs: 27, outcomes: 24, satisfaction: 17, finances: 8, management: 7 };
    expect((await fire(app(), ctx.as.admin, id, 'evaluate', { input: { scores, summary: '产出基本完成，成效较好，资金使用规范。' } })).statusCode).toBe(200);
    const shown = (await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/evaluation`)).json();
    expect(shown).toMatchObject({ scores, total: 83, grade: 'good', gradeName: '良好', summary: '产出基本完成，成效较好，资金使用规范。' });
    expect(shown.criteria.map((c: { key: string }) => c.key)).toEqual(['outputs', 'outcomes', 'satisfaction', 'finances', 'management']);

    // One round of kind `evaluation` in the project's case, one declared evaluator with one handed-in sheet of five points.
    const [round] = await rows<{ id: string; case_id: string; kind: string; sheets: number; points: number }>(
      db(),
      sql`select r.id, r.case_id, r.kind, (select count(*)::int from assessment_assignments a where a.round_id = r.id and a.submitted_at is not null) as sheets,
        (select count(*)::int from assessment_scores x join assessment_subjects su on su.id = x.subject_id where su.round_id = r.id) as points
        from assessment_rounds r where r.case_id = ${id}`,
    );
    expect(round).toMatchObject({ case_id: id, kind: 'evaluation', sheets: 1, points: 5 });
    expect(round.id).not.toBe(id);
    // It is the project's: the office's assessment pages neither list it nor open it.
    const listed = (await call(app(), ctx.as.admin, 'GET', '/api/v1/assessment/rounds?kind=evaluation')).json<{ items: unknown[] }>().items;
    expect(listed).toEqual([]);
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/public/assessment/rounds/${round.id}/results`), 404, 'not_found');
    for (const ref of [round.id, id]) {
      expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/assessment/rounds/${ref}`), 404, 'not_found');
      expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/assessment/rounds/${ref}/results`), 404, 'not_found');
    }
    // A second evaluation of the same project changes nothing.
    expectProblem(await fire(app(), ctx.as.admin, id, 'evaluate', { input: { scores, summary: '再次评估的结论，不应被接受。' } }), 409, 'invalid_state');
  });

  it('refuses a sheet that misses a criterion, names one the standard lacks or passes a maximum, and stores nothing', async () => {
    const id = await evaluatingProject();
    const bad = await fire(app(), ctx.as.admin, id, 'evaluate', { input: { scores: { outputs: 31, outcomes: 25, satisfaction: 18, finances: 9, extra: 3 }, summary: '产出超额完成，成效明显。' } });
    const paths = (expectProblem(bad, 422, 'validation') as unknown as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(['input.scores.extra', 'input.scores.outputs', 'input.scores.management']);
    expect(await rows(db(), sql`select 1 from assessment_rounds where case_id = ${id}`)).toEqual([]);
    expect(await rows(db(), sql`select 1 from project_evaluations where project_id = ${id}`)).toEqual([]);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}`)).json().state).toBe('evaluating');
  });

  it('publishes a changed standard as the next rubric version; projects evaluated before keep theirs', async () => {
    const before = await evaluatingProject();
    await fire(app(), ctx.as.admin, before, 'evaluate', { input: { scores: { outputs: 30, outcomes: 30, satisfaction: 20, finances: 10, management: 2 }, summary: '各项指标完成良好，项目管理档案欠缺。' } });
    const std = await standard();
    const criteria = [
      { key: 'outputs', name: '产出指标完成情况', maxPoints: 40, description: '服务人数、次数等产出指标的完成度' },
      { key: 'outcomes', name: '成效指标达成情况', maxPoints: 40, description: '服务对象状况改善等成效指标的达成度' },
      { key: 'satisfaction', name: '服务对象满意度', maxPoints: 20, description: '第三方满意度测评' },
    ];
    // Only the office changes it, and only against the version it read.
    expectProblem(await call(app(), ctx.as.weijian, 'PATCH', '/api/v1/evaluation-standard', { version: std.version, criteria }), 403, 'forbidden');
    const changed = await call(app(), ctx.as.admin, 'PATCH', '/api/v1/evaluation-standard', { version: std.version, criteria, bands: { excellent: 95, good: 85, pass: 70 } });
    expect(changed.json()).toMatchObject({ version: std.version + 1, bands: { excellent: 95, good: 85, pass: 70 } });
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', '/api/v1/evaluation-standard', { version: std.version, bands: { excellent: 90, good: 80, pass: 60 } }), 409, 'conflict');
    const versions = (await call(app(), ctx.as.admin, 'GET', '/api/v1/assessment/rubrics?kind=evaluation&state=all')).json<{ items: { version: number; state: string }[] }>().items;
    expect(versions.filter((v) => v.version >= std.version).map((v) => [v.version, v.state])).toEqual([
      [std.version + 1, 'published'],
      [std.version, 'retired'],
    ]);
    // The project evaluated before keeps its five criteria and its grade (92 was 优秀 on the old lines).
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${before}/evaluation`)).json()).toMatchObject({ total: 92, grade: 'excellent' });
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${before}/evaluation`)).json().criteria).toHaveLength(5);

    // A project evaluated now is scored on the new version and graded on its lines: 84 is 合格 below 良好 85.
    const after = await evaluatingProject();
    const old = await fire(app(), ctx.as.admin, after, 'evaluate', { input: { scores: { outputs: 30, outcomes: 30, satisfaction: 20, finances: 10, management: 10 }, summary: '按旧标准打分，应被拒绝。' } });
    expect((expectProblem(old, 422, 'validation') as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['input.scores.finances', 'input.scores.management']);
    expect((await fire(app(), ctx.as.admin, after, 'evaluate', { input: { scores: { outputs: 34, outcomes: 33, satisfaction: 17 }, summary: '按新标准评估，成效较好。' } })).statusCode).toBe(200);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${after}/evaluation`)).json()).toMatchObject({ total: 84, grade: 'pass', criteria: criteria.map((c) => ({ key: c.key, maxPoints: c.maxPoints })) });
  });

  it('keeps an evaluation rubric drafted in the rubric editor to what the project reads: criteria the evaluator scores, no adjustments, the four grades', async () => {
    const indicators = [
      { code: 'outputs', name: '产出指标完成情况', maxPoints: 60, source: 'manual' },
      { code: 'outcomes', name: '成效指标达成情况', maxPoints: 40, source: 'computed', formula: 'projects.indicatorProgress' },
    ];
    const spec = {
      kind: 'evaluation',
      code: 'evaluation',
      name: '终期评估标准（草稿）',
      dimensions: [{ code: 'final', name: '终期评估', maxPoints: 100, indicators }],
      adjustments: [{ code: 'b1', name: '加分', kind: 'bonus', cap: 5 }],
      gradeBands: [
        { code: 'excellent', name: '优秀', minComposite: 90 },
        { code: 'good', name: '良好', minComposite: 80 },
        { code: 'pass', name: '合格', minComposite: 60 },
      ],
    };
    const refused = await call(app(), ctx.as.admin, 'POST', '/api/v1/assessment/rubrics', spec);
    const paths = (expectProblem(refused, 422, 'validation') as unknown as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['dimensions.0.indicators.1.source', 'adjustments', 'gradeBands']));
    expect(await rows(db(), sql`select 1 from assessment_rubrics where kind = 'evaluation' and state = 'draft'`)).toEqual([]);
  });
});
