// Issue 18 §2: the assessment's computed indicators over purchased service projects — 按期结项率 (projects.delivered),
// 终期评估等次 (projects.evaluationGrades) and 服务指标完成率 (projects.indicatorProgress) — checked by hand on projects
// of a fresh town of Haining whose terms end in 2025, in every way a project ends: closed on time and late, terminated,
// still open past its closing days, still within them; loaded as the archives record them (cases, details, contract,
// evaluation, service records), as the demo's history is. A second fresh town has none.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationGrade } from '../../../contracts/projects/evaluation.js';
import type { ProjectState } from '../../../contracts/projects/lifecycle.js';
import { formulaOf, type FormulaSubject, type FormulaValue } from '../../platform/assessment-formulas.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { setClock } from '../../platform/clock.js';
import { addFreshTowns, type FreshTown } from '../../test/fresh-towns.js';
import { call, useTestApp } from '../../test/harness.js';
import { importOwnedSheets } from '../assessment/index.js';
import { refs } from './project-factories.js';
import { CLOSING_WORKING_DAYS, projectsFormulas } from './projects.formulas.js';
import { projectContracts, projectEvaluations, serviceProjects, serviceProjectTowns, serviceRecords } from './projects.tables.js';

const ctx = useTestApp('admin');
const db = () => ctx.t.app.database.db;
let towns: FreshTown[];
let cityId: string;
let cityPath: string;

const formula = (name: string) => projectsFormulas.find((f) => f.name === name)!;

interface ProjectSpec {
  state: ProjectState;
  /** The towns it serves; none for the whole city. */
  towns: FreshTown[];
  /** The contract's last day; none for a project stopped before its contract. */
  endOn?: string;
  closedOn?: string;
  evaluation?: { grade: EvaluationGrade; on: string };
  /** Output targets (an outcome indicator of 90 % is added to each), and each service record's progress per indicator. */
  targets?: number[];
  records?: number[][];
}

let serial = 0;
async function project(p: ProjectSpec) {
  const r = await refs(ctx.t.app);
  const [admin] = await db().select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  serial += 1;
  const id = randomUUID();
  const number = `XMTEST${String(serial).padStart(4, '0')}`;
  const closedAt = p.state === 'closed' || p.state === 'cancelled' ? new Date(`${p.closedOn ?? p.endOn ?? '2025-01-01'}T16:00:00+08:00`) : null;
  await db().insert(cases).values({ id, caseType: 'serviceProject', number, title: `考核测试项目 ${serial}`, state: p.state, regionPath: cityPath, orgId: r.org1, createdBy: admin.id, closedAt });
  const indicators = [...(p.targets ?? [10]).map((target, k) => ({ kind: 'output', name: `产出指标 ${k + 1}`, target, unit: '人次' })), { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%' }];
  await db()
    .insert(serviceProjects)
    .values({ caseId: id, number, year: 2025, departmentId: r.civilAffairs, catalogCategoryId: r.categoryId, summary: '考核测试项目。', budgetFen: 5_000_000, durationMonths: 12, indicators, providerOrgId: r.org1, closedOn: p.state === 'closed' ? p.closedOn : null });
  if (p.towns.length) await db().insert(serviceProjectTowns).values(p.towns.map((t) => ({ projectId: id, townId: t.id })));
  if (p.endOn) await db().insert(projectContracts).values({ projectId: id, number: `HT-${number}`, providerOrgId: r.org1, signedOn: `${p.endOn.slice(0, 4)}-01-05`, valueFen: 4_500_000, startOn: `${p.endOn.slice(0, 4)}-01-05`, endOn: p.endOn, createdBy: admin.id });
  if (p.evaluation) {
    // Scored in the assessment engine as the archive's evaluations are (the formula reads the grade the project keeps).
    const scores = { outputs: 24, outcomes: 24, satisfaction: 16, finances: 8, management: 8 };
    const subject = { type: 'project' as const, ref: id, name: `考核测试项目 ${serial}`, code: number };
    const rounds = await db().transaction((tx) => importOwnedSheets(tx, 'evaluation', cityId, [{ caseId: id, year: 2025, subject, evaluatorId: admin.id, at: new Date(`${p.evaluation!.on}T10:00:00+08:00`), scores }]));
    await db()
      .insert(projectEvaluations)
      .values({ projectId: id, providerOrgId: r.org1, roundId: rounds.get(id)!, total: 80, grade: p.evaluation.grade, summary: '终期评估（测试）', evaluatedOn: p.evaluation.on, evaluatorId: admin.id });
  }
  for (const [k, progress] of (p.records ?? []).entries()) {
    await db()
      .insert(serviceRecords)
      .values({ projectId: id, servedOn: `2025-0${k + 3}-15`, place: '测试村文化礼堂', activity: '入户探访与小组活动', participants: 4, beneficiaries: 20, progress: progress.map((value, indicator) => ({ indicator, value })), recordedBy: admin.id });
  }
  return id;
}

const town = (t: FreshTown): FormulaSubject => ({ subjectType: 'town', subjectRef: t.id, regionId: t.id, regionPath: t.path });
const station = (t: FreshTown): FormulaSubject => ({ subjectType: 'station', subjectRef: `st-${t.code}`, regionId: t.id, regionPath: t.path });
const NOWHERE: FormulaSubject = { subjectType: 'station', subjectRef: 'nowhere', regionId: null, regionPath: null };

/** The formula's values on a given day (the delivered rate depends on which closing periods have run out). */
async function compute(name: string, year: number, subjects: FormulaSubject[], today = '2026-01-10T10:00:00+08:00'): Promise<Map<string, FormulaValue>> {
  const restore = setClock({ at: today });
  try {
    return await formula(name).compute(db(), { cityId, year, subjects, target: null });
  } finally {
    restore();
  }
}

beforeAll(async () => {
  towns = await addFreshTowns(ctx.t.app, ctx.as.admin, [
    { code: '41', grids: [0] },
    { code: '42', grids: [0] },
  ]);
  cityId = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${towns[0].id}`)).json<{ parentId: string }>().parentId;
  cityPath = towns[0].path.slice(0, towns[0].path.slice(0, -1).lastIndexOf('/') + 1);
  const [a] = towns;
  // 1: term to 30 June, closed 20 July — on time; evaluated excellent; indicators 120/100 (capped 1) and 10/20 (0.5).
  await project({ state: 'closed', towns: [a], endOn: '2025-06-30', closedOn: '2025-07-20', evaluation: { grade: 'excellent', on: '2025-07-10' }, targets: [100, 20], records: [[70], [50, 10], []] });
  // 2: term to 30 June, closed 15 October — late; evaluated good; 40/50 (0.8).
  await project({ state: 'closed', towns: [a], endOn: '2025-06-30', closedOn: '2025-10-15', evaluation: { grade: 'good', on: '2025-10-01' }, targets: [50], records: [[40]] });
  // 3: terminated in its term (已终止) — not on time; 2/10 (0.2).
  await project({ state: 'cancelled', towns: [a], endOn: '2025-08-31', targets: [10], records: [[2]] });
  // 4: term to 30 September, still in evaluation on 10 January — its closing days ran out in November: late; no service record.
  await project({ state: 'evaluating', towns: [a], endOn: '2025-09-30', targets: [30] });
  // 5: term to 31 December, closing on 10 January — within its closing days: not counted yet; evaluated pass; 40/40 (1).
  await project({ state: 'closing', towns: [a], endOn: '2025-12-31', evaluation: { grade: 'pass', on: '2025-12-20' }, targets: [40], records: [[25], [15]] });
  // 6: term to 31 December 2024, evaluated fail in January 2025: 2025's evaluation, 2024's delivery.
  await project({ state: 'closed', towns: [a], endOn: '2024-12-31', closedOn: '2025-01-20', evaluation: { grade: 'fail', on: '2025-01-10' }, targets: [10], records: [[3]] });
  // 7: stopped before its contract (no term): never due. 8: the whole city's (no town): no town's.
  await project({ state: 'cancelled', towns: [a] });
  await project({ state: 'closed', towns: [], endOn: '2025-06-30', closedOn: '2025-07-01', evaluation: { grade: 'fail', on: '2025-07-01' }, targets: [10], records: [[0]] });
});

describe('the project formulas', () => {
  it('are declared in the projects manifest and registered for the engine', () => {
    for (const f of projectsFormulas) expect(formulaOf(f.name)).toBe(f);
    expect(projectsFormulas.map((f) => f.name)).toEqual(['projects.delivered', 'projects.evaluationGrades', 'projects.indicatorProgress']);
    expect(CLOSING_WORKING_DAYS).toBe(35);
  });
});

describe('projects.delivered', () => {
  it("counts the town's projects due in the year closed within their closing days, terminated and overdue ones as not, pending ones apart", async () => {
    const [a] = towns;
    const values = await compute('projects.delivered', 2025, [town(a), station(a)]);
    const expected = { attainment: 0.25, figure: '按期结项 1 个 / 应结项 4 个（25.0%）（逾期或未结项 2 个、终止 1 个）；另 1 个仍在结项期内，未计入', sample: 4 };
    expect(values.get(a.id)).toEqual(expected);
    expect(values.get(`st-${a.code}`)).toEqual(expected);
    // In June 2026 the fifth project's closing days have run out: late too.
    expect((await compute('projects.delivered', 2025, [town(a)], '2026-06-01T10:00:00+08:00')).get(a.id)).toMatchObject({ attainment: 0.2, sample: 5 });
    // 2024: the sixth, closed on 20 January — within 35 working days of 31 December.
    expect((await compute('projects.delivered', 2024, [town(a)])).get(a.id)).toEqual({ attainment: 1, figure: '按期结项 1 个 / 应结项 1 个（100.0%）', sample: 1 });
  });

  it('says the data is missing, never 0, for a town without projects due, only pending ones, or no town', async () => {
    const [a, b] = towns;
    const values = await compute('projects.delivered', 2025, [town(b), NOWHERE]);
    expect(values.get(b.id)).toEqual({ attainment: null, figure: '2025 年度本镇（街道）无应结项的政府购买服务项目，数据缺失', sample: 0 });
    expect(values.get('nowhere')).toMatchObject({ attainment: null, sample: null });
    // On 5 January 2025 the 2024 project was still within its closing days (closed on the 20th): nothing to count yet.
    await db().update(cases).set({ state: 'closing', closedAt: null }).where(eq(cases.number, 'XMTEST0006'));
    try {
      expect((await compute('projects.delivered', 2024, [town(a)], '2025-01-05T10:00:00+08:00')).get(a.id)).toEqual({
        attainment: null,
        figure: '2024 年度应结项的 1 个项目仍在结项期内（合同期满后 35 个工作日），尚无结果，数据缺失',
        sample: 0,
      });
    } finally {
      await db().update(cases).set({ state: 'closed', closedAt: new Date('2025-01-20T16:00:00+08:00') }).where(eq(cases.number, 'XMTEST0006'));
    }
  });
});

describe('projects.evaluationGrades', () => {
  it("averages the grades of the town's projects evaluated in the year at 1, 0.8, 0.6 and 0", async () => {
    const [a] = towns;
    const values = await compute('projects.evaluationGrades', 2025, [town(a), station(a)]);
    // Excellent, good, pass and fail: (1 + 0.8 + 0.6 + 0) / 4. The whole city's project is no town's.
    const expected = { attainment: 0.6, figure: '终期评估 4 个项目：优秀 1、良好 1、合格 1、不合格 1（等次平均分值 0.60）', sample: 4 };
    expect(values.get(a.id)).toEqual(expected);
    expect(values.get(`st-${a.code}`)).toEqual(expected);
  });

  it('says the data is missing, never 0, for a year or town without evaluations', async () => {
    const [a, b] = towns;
    expect((await compute('projects.evaluationGrades', 2024, [town(a)])).get(a.id)).toEqual({ attainment: null, figure: '2024 年度本镇（街道）无完成终期评估的政府购买服务项目，数据缺失', sample: 0 });
    expect((await compute('projects.evaluationGrades', 2025, [town(b), NOWHERE])).get(b.id)?.attainment).toBeNull();
  });
});

describe('projects.indicatorProgress', () => {
  it('averages the output indicators of the projects due in the year, each capped at 100 %, leaving out projects without records', async () => {
    const [a] = towns;
    const values = await compute('projects.indicatorProgress', 2025, [town(a), station(a)]);
    // 1 (120/100 capped), 0.5, 0.8, 0.2 and 1 (25 + 15 of 40): 3.5 / 5. The fourth project has no record.
    const expected = { attainment: 0.7, figure: '4 个项目 5 项服务指标平均完成率 70.0%（单项封顶 100%）；另 1 个项目平台无服务记录，未计入', sample: 4 };
    expect(values.get(a.id)).toEqual(expected);
    expect(values.get(`st-${a.code}`)).toEqual(expected);
    expect((await compute('projects.indicatorProgress', 2024, [town(a)])).get(a.id)).toMatchObject({ attainment: 0.3, sample: 1 });
  });

  it('says the data is missing, never 0, for a town without projects due and for projects without records', async () => {
    const [a, b] = towns;
    expect((await compute('projects.indicatorProgress', 2025, [town(b)])).get(b.id)).toEqual({ attainment: null, figure: '2025 年度本镇（街道）无应结项的政府购买服务项目，数据缺失', sample: 0 });
    await db().delete(serviceRecords).where(eq(serviceRecords.projectId, (await db().select({ id: serviceProjects.caseId }).from(serviceProjects).where(eq(serviceProjects.number, 'XMTEST0006')))[0].id));
    expect((await compute('projects.indicatorProgress', 2024, [town(a)])).get(a.id)).toEqual({ attainment: null, figure: '2024 年度应结项的 1 个项目在平台无服务记录或无产出指标，数据缺失', sample: 0 });
  });
});
