import { eq, sql } from 'drizzle-orm';
import { formulaOf, type FormulaValue } from '../../../platform/assessment-formulas.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { clockNow } from '../../../platform/clock.js';
import type { Tx } from '../../../platform/db/client.js';
import { assessmentComputed, assessmentSubjects } from '../assessment.tables.js';
import { selectRubric } from '../rubric.queries.js';

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
  const rows: (typeof assessmentComputed.$inferInsert)[] = [];
  for (const i of indicators) {
    let values: Map<string, FormulaValue>;
    const formula = i.source === 'computed' ? formulaOf(i.formula!) : undefined;
    if (i.source === 'survey') {
      // Residents' survey answers are not collected yet on this installation: the evaluators score it from evidence.
      values = new Map(subjects.map((s) => [s.subjectRef, { attainment: null, figure: '尚无群众满意度调查结果，数据缺失，由专家依据佐证材料评分', sample: null }]));
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
