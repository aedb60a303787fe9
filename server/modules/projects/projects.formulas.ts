import { and, between, eq, inArray, sql } from 'drizzle-orm';
import { EVALUATION_GRADE_NAMES, EVALUATION_GRADES, type EvaluationGrade } from '../../../contracts/projects/evaluation.js';
import type { ComputedFormula, FormulaQuery, FormulaValue } from '../../platform/assessment-formulas.js';
import { loadExceptions, todayInChina } from '../../platform/calendar/calendar.js';
import { addWorkingDaysWith } from '../../platform/calendar/working-days.js';
import { cases } from '../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import type { Indicator } from './delivery/delivery.shared.js';
import { projectContracts, projectEvaluations, serviceProjects, serviceProjectTowns, serviceRecords } from './projects.tables.js';

/*
 * The purchased service projects' computed indicators for the assessment engine (issue 18 §2: "projects delivered and
 * their evaluations, service records and indicator progress of purchased projects"): SPPE P2-3, P2-4 and E4, and the
 * towns' T3-2 and T3-3. A project counts for each town it serves (service_project_towns); one serving the whole city
 * names no town and counts for none. A station's figures are its town's: the registry does not say which projects
 * the station ran or coordinated.
 */

/**
 * How long after its term a project may take to close and still be on time: the final evaluation's 20 working days
 * and the closing's 15, the project case type's own limits (project.case.ts timeLimits).
 */
export const CLOSING_WORKING_DAYS = 35;

/** The rubrics' grade values (SPPE E4, T3-3): 优秀 1, 良好 0.8, 合格 0.6, 不合格 0. */
const GRADE_VALUE: Record<EvaluationGrade, number> = { excellent: 1, good: 0.8, pass: 0.6, fail: 0 };

const townsOf = (q: FormulaQuery) => [...new Set(q.subjects.map((s) => s.regionId).filter((id): id is string => id !== null))];
const percent = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`;
const NO_TOWN: FormulaValue = { attainment: null, figure: '受评对象无所属镇（街道），数据缺失', sample: null };

/** Each subject's value from its town's, computed once a town. */
function perSubject(q: FormulaQuery, valueOf: (townId: string) => FormulaValue): Map<string, FormulaValue> {
  const byTown = new Map<string, FormulaValue>();
  const out = new Map<string, FormulaValue>();
  for (const s of q.subjects) {
    if (!s.regionId) {
      out.set(s.subjectRef, NO_TOWN);
      continue;
    }
    if (!byTown.has(s.regionId)) byTown.set(s.regionId, valueOf(s.regionId));
    out.set(s.subjectRef, byTown.get(s.regionId)!);
  }
  return out;
}

/** The towns' projects due in the year: contracted, the contract's term ending in the year. */
const dueInYear = (towns: string[], year: number) => and(inArray(serviceProjectTowns.townId, towns), between(projectContracts.endOn, `${year}-01-01`, `${year}-12-31`));

/**
 * 按期结项率: of the town's projects whose contract term ends in the year, those closed (已结项) within
 * CLOSING_WORKING_DAYS working days of the term's end. A terminated project (已终止 after its contract) is not on time,
 * as the guide says; one still open past that day is late; one still open within it has not had its chance yet and is
 * left out (the figure says how many). One read: the due projects with their state and closing day.
 */
async function projectsDelivered(db: DbOrTx, q: FormulaQuery): Promise<Map<string, FormulaValue>> {
  const towns = townsOf(q);
  const due = towns.length
    ? await db
        .select({
          townId: serviceProjectTowns.townId,
          state: cases.state,
          endOn: projectContracts.endOn,
          closedOn: sql<string | null>`coalesce(${serviceProjects.closedOn}::text, ((${cases.closedAt} at time zone 'Asia/Shanghai')::date)::text)`,
        })
        .from(serviceProjectTowns)
        .innerJoin(serviceProjects, eq(serviceProjects.caseId, serviceProjectTowns.projectId))
        .innerJoin(projectContracts, eq(projectContracts.projectId, serviceProjectTowns.projectId))
        .innerJoin(cases, eq(cases.id, serviceProjectTowns.projectId))
        .where(dueInYear(towns, q.year))
    : [];
  const exceptions = await loadExceptions(db);
  const today = todayInChina();
  const tally = new Map<string, { onTime: number; late: number; terminated: number; pending: number }>();
  for (const p of due) {
    const t = tally.get(p.townId) ?? { onTime: 0, late: 0, terminated: 0, pending: 0 };
    const deadline = addWorkingDaysWith(p.endOn, CLOSING_WORKING_DAYS, exceptions);
    if (p.state === 'closed') {
      if (p.closedOn !== null && p.closedOn <= deadline) t.onTime += 1;
      else t.late += 1;
    } else if (p.state === 'cancelled') t.terminated += 1;
    else if (today > deadline) t.late += 1;
    else t.pending += 1;
    tally.set(p.townId, t);
  }
  return perSubject(q, (townId) => {
    const t = tally.get(townId);
    if (!t) return { attainment: null, figure: `${q.year} 年度本镇（街道）无应结项的政府购买服务项目，数据缺失`, sample: 0 };
    const counted = t.onTime + t.late + t.terminated;
    const pendingNote = t.pending ? `；另 ${t.pending} 个仍在结项期内，未计入` : '';
    if (counted === 0) return { attainment: null, figure: `${q.year} 年度应结项的 ${t.pending} 个项目仍在结项期内（合同期满后 ${CLOSING_WORKING_DAYS} 个工作日），尚无结果，数据缺失`, sample: 0 };
    const lateNote = t.late || t.terminated ? `（逾期或未结项 ${t.late} 个、终止 ${t.terminated} 个）` : '';
    return {
      attainment: t.onTime / counted,
      figure: `按期结项 ${t.onTime} 个 / 应结项 ${counted} 个（${percent(t.onTime, counted)}）${lateNote}${pendingNote}`,
      sample: counted,
    };
  });
}

/**
 * 终期评估等次: the final evaluations of the town's projects recorded in the year, averaged at the guide's values.
 * One read: the evaluations counted by town and grade.
 */
async function projectsEvaluationGrades(db: DbOrTx, q: FormulaQuery): Promise<Map<string, FormulaValue>> {
  const towns = townsOf(q);
  const counts = towns.length
    ? await db
        .select({ townId: serviceProjectTowns.townId, grade: projectEvaluations.grade, count: sql<number>`count(*)::int` })
        .from(projectEvaluations)
        .innerJoin(serviceProjectTowns, eq(serviceProjectTowns.projectId, projectEvaluations.projectId))
        .where(and(inArray(serviceProjectTowns.townId, towns), between(projectEvaluations.evaluatedOn, `${q.year}-01-01`, `${q.year}-12-31`)))
        .groupBy(serviceProjectTowns.townId, projectEvaluations.grade)
    : [];
  const byTown = new Map<string, Map<EvaluationGrade, number>>();
  for (const c of counts) byTown.set(c.townId, (byTown.get(c.townId) ?? new Map<EvaluationGrade, number>()).set(c.grade, c.count));
  return perSubject(q, (townId) => {
    const grades = byTown.get(townId);
    const n = grades ? [...grades.values()].reduce((a, b) => a + b, 0) : 0;
    if (!grades || n === 0) return { attainment: null, figure: `${q.year} 年度本镇（街道）无完成终期评估的政府购买服务项目，数据缺失`, sample: 0 };
    const mean = EVALUATION_GRADES.reduce((sum, g) => sum + GRADE_VALUE[g] * (grades.get(g) ?? 0), 0) / n;
    const parts = EVALUATION_GRADES.map((g) => `${EVALUATION_GRADE_NAMES[g].zh} ${grades.get(g) ?? 0}`).join('、');
    return { attainment: mean, figure: `终期评估 ${n} 个项目：${parts}（等次平均分值 ${mean.toFixed(2)}）`, sample: n };
  });
}

/**
 * 服务指标完成率: the contracted output indicators (服务人次、个案、小组、活动场次…) of the same projects as
 * projects.delivered — the town's projects whose term ends in the year — each indicator's achievement (the sum of its
 * service records' progress, as the project's progress page counts it) over its target, capped at 100% so one
 * overshoot makes up for no other, averaged over every indicator. Outcome indicators (satisfaction, rates) are the
 * final evaluation's, not summed from records. A project with no service record on the platform (one imported from
 * the paper archive) tells nothing of its progress and is left out, the figure saying how many. Three reads: the
 * projects with their indicators, their records counted, and the progress summed per project and indicator.
 */
async function projectsIndicatorProgress(db: DbOrTx, q: FormulaQuery): Promise<Map<string, FormulaValue>> {
  const towns = townsOf(q);
  const projects = towns.length
    ? await db
        .select({ townId: serviceProjectTowns.townId, projectId: serviceProjects.caseId, indicators: serviceProjects.indicators })
        .from(serviceProjectTowns)
        .innerJoin(serviceProjects, eq(serviceProjects.caseId, serviceProjectTowns.projectId))
        .innerJoin(projectContracts, eq(projectContracts.projectId, serviceProjectTowns.projectId))
        .where(dueInYear(towns, q.year))
    : [];
  const recorded = new Set<string>();
  const achieved = new Map<string, number>();
  if (projects.length) {
    const dueIds = db
      .select({ id: serviceProjectTowns.projectId })
      .from(serviceProjectTowns)
      .innerJoin(projectContracts, eq(projectContracts.projectId, serviceProjectTowns.projectId))
      .where(dueInYear(towns, q.year));
    const withRecords = await db.selectDistinct({ projectId: serviceRecords.projectId }).from(serviceRecords).where(inArray(serviceRecords.projectId, dueIds));
    for (const r of withRecords) recorded.add(r.projectId);
    const entries = db
      .select({ projectId: serviceRecords.projectId, entry: sql<unknown>`jsonb_array_elements(${serviceRecords.progress})`.as('entry') })
      .from(serviceRecords)
      .where(inArray(serviceRecords.projectId, dueIds))
      .as('e');
    const indicator = sql<number>`(${entries.entry}->>'indicator')::int`.mapWith(Number);
    const sums = await db
      .select({ projectId: entries.projectId, indicator, value: sql<number>`sum((${entries.entry}->>'value')::numeric)`.mapWith(Number) })
      .from(entries)
      .groupBy(entries.projectId, indicator);
    for (const s of sums) achieved.set(`${s.projectId}:${s.indicator}`, s.value);
  }
  const tally = new Map<string, { due: number; unrecorded: number; projects: number; indicators: number; sum: number }>();
  for (const p of projects) {
    const t = tally.get(p.townId) ?? { due: 0, unrecorded: 0, projects: 0, indicators: 0, sum: 0 };
    t.due += 1;
    const outputs = (p.indicators as Indicator[]).map((ind, index) => ({ ind, index })).filter(({ ind }) => ind.kind === 'output' && ind.target > 0);
    if (!recorded.has(p.projectId)) t.unrecorded += 1;
    else if (outputs.length) {
      t.projects += 1;
      for (const { ind, index } of outputs) {
        t.indicators += 1;
        t.sum += Math.min(1, (achieved.get(`${p.projectId}:${index}`) ?? 0) / ind.target);
      }
    }
    tally.set(p.townId, t);
  }
  return perSubject(q, (townId) => {
    const t = tally.get(townId);
    if (!t) return { attainment: null, figure: `${q.year} 年度本镇（街道）无应结项的政府购买服务项目，数据缺失`, sample: 0 };
    if (t.indicators === 0) {
      return { attainment: null, figure: `${q.year} 年度应结项的 ${t.due} 个项目在平台无服务记录或无产出指标，数据缺失`, sample: 0 };
    }
    const mean = t.sum / t.indicators;
    const note = t.unrecorded ? `；另 ${t.unrecorded} 个项目平台无服务记录，未计入` : '';
    return { attainment: mean, figure: `${t.projects} 个项目 ${t.indicators} 项服务指标平均完成率 ${(mean * 100).toFixed(1)}%（单项封顶 100%）${note}`, sample: t.projects };
  });
}

export const projectsFormulas: readonly ComputedFormula[] = [
  {
    name: 'projects.delivered',
    label: { zh: '政府购买服务项目按期结项率', en: 'Purchased projects closed on time' },
    description: `本镇（街道）服务的政府购买服务项目中，合同期满日在评估年度内的为应结项项目；合同期满后 ${CLOSING_WORKING_DAYS} 个工作日内（终期评估 20 + 结项 15）结项的为按期结项，终止的和逾期未结项的计为未按期，尚在结项期内未结项的不计入。得分比例 = 按期结项数 ÷ 应结项数。无应结项项目时标注数据缺失。社工站按所在镇（街道）的项目计。`,
    subjectTypes: ['station', 'town'],
    compute: projectsDelivered,
  },
  {
    name: 'projects.evaluationGrades',
    label: { zh: '项目终期评估等次', en: 'Final evaluation grades' },
    description: '本镇（街道）服务的政府购买服务项目中评估年度内完成终期评估的，按等次计分值（优秀 1、良好 0.8、合格 0.6、不合格 0）取平均。无终期评估时标注数据缺失。社工站按所在镇（街道）的项目计。',
    subjectTypes: ['station', 'town'],
    compute: projectsEvaluationGrades,
  },
  {
    name: 'projects.indicatorProgress',
    label: { zh: '购买服务项目服务指标完成率', en: 'Service indicator progress of purchased projects' },
    description:
      '与“按期结项率”相同的项目（本镇（街道）合同期满日在评估年度内的项目），合同约定的产出指标按服务记录累计完成量 ÷ 目标值计完成率，单项封顶 100%，各项指标取平均；成效指标不计。平台无服务记录的项目不计入并在说明中列出；均无记录时标注数据缺失。',
    subjectTypes: ['station', 'town'],
    compute: projectsIndicatorProgress,
  },
];
