import { eq, sql } from 'drizzle-orm';
import { formulaOf, type FormulaValue } from '../../../platform/assessment-formulas.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { clockNow } from '../../../platform/clock.js';
import type { Tx } from '../../../platform/db/client.js';
import { assessmentComputed, assessmentSubjects } from '../assessment.tables.js';
import { selectRubric } from '../rubric.queries.js';
import { DEFAULT_MIN_SAMPLE, surveyFigures } from './survey.js';

/*
 * Computed and survey indicators (issue 18 §1): read from the platform when scoring opens, and again whenever the
 * office refreshes them until the results are published. A formula whose data is absent — or a survey with no
 * answers yet — stores no points and says why, and the evaluators score that indicator instead of it counting as 0.
 */

/** Points from an attainment in [0, 1], to the hundredth. */
export function pointsOf(maxPoints: number, attainment: number): number {
  const share = Math.min(Math.max(attainment, 0), 1);
  return Math.round(maxPoints * 100 * share) / 100;
}

export async function refreshComputed(tx: Tx, round: { caseId: string; cityId: string; year: number; rubricId: string }): Promise<number> {
  const rubric = (await selectRubric(tx, round.rubricId))!;
  const indicators = rubric.dimensions.flatMap((d) => d.indicators).filter((i) => i.source === 'computed' || i.source === 'survey');
  if (!indicators.length) return 0;
  const subjects = await tx
    .select({ id: assessmentSubjects.id, subjectType: assessmentSubjects.subjectType, subjectRef: assessmentSubjects.subjectRef, regionId: assessmentSubjects.regionId, regionPath: regions.path })
    .from(assessmentSubjects)
    .leftJoin(regions, eq(regions.id, assessmentSubjects.regionId))
    .where(eq(assessmentSubjects.roundId, round.caseId));
  const survey = indicators.some((i) => i.source === 'survey') ? await surveyFigures(tx, round.caseId) : new Map<string, { n: number; mean: number }>();
  const rows: (typeof assessmentComputed.$inferInsert)[] = [];
  for (const i of indicators) {
    let values: Map<string, FormulaValue>;
    const formula = i.source === 'computed' ? formulaOf(i.formula!) : undefined;
    if (i.source === 'survey') {
      // The mean of five 1–5 ratings as a share of the scale; too few answers count as no data, never as a score.
      const min = i.target ?? DEFAULT_MIN_SAMPLE;
      values = new Map<string, FormulaValue>(
        subjects.map((s): [string, FormulaValue] => {
          const f = survey.get(s.id);
          if (!f || f.n < min) return [s.subjectRef, { attainment: null, figure: `满意度调查收到 ${f?.n ?? 0} 份，不足 ${min} 份，数据缺失，由专家依据佐证材料评分`, sample: f?.n ?? 0 }];
          return [s.subjectRef, { attainment: (f.mean - 1) / 4, figure: `满意度调查 ${f.n} 份，平均 ${f.mean.toFixed(2)} 分（满分 5 分）`, sample: f.n }];
        }),
      );
    } else if (!formula) {
      values = new Map(subjects.map((s) => [s.subjectRef, { attainment: null, figure: `计算公式“${i.formula}”在本系统未启用，数据缺失，由专家评分`, sample: null }]));
    } else {
      values = await formula.compute(tx, { cityId: round.cityId, year: round.year, subjects, target: i.target });
    }
    for (const s of subjects) {
      const v = values.get(s.subjectRef) ?? { attainment: null, figure: '该对象无此项数据，数据缺失，由专家评分', sample: null };
      rows.push({ subjectId: s.id, indicatorId: i.id, points: v.attainment === null ? null : pointsOf(i.maxPoints, v.attainment), figure: v.figure, sample: v.sample, computedAt: clockNow() });
    }
  }
  for (let k = 0; k < rows.length; k += 2000) {
    await tx
      .insert(assessmentComputed)
      .values(rows.slice(k, k + 2000))
      .onConflictDoUpdate({ target: [assessmentComputed.subjectId, assessmentComputed.indicatorId], set: { points: sql`excluded.points`, figure: sql`excluded.figure`, sample: sql`excluded.sample`, computedAt: sql`excluded.computed_at` } });
  }
  return rows.length;
}
