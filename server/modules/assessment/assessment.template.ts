import { and, eq } from 'drizzle-orm';
import type { RubricSpec } from '../../../contracts/assessment.js';
import type { CityTemplatePart } from '../../platform/city-templates.js';
import type { Tx } from '../../platform/db/client.js';
import { assessmentRubrics } from './assessment.tables.js';
import { ownedRubricSpec } from './owned-rounds.js';
import { selectRubrics, specOfTree } from './rubric.queries.js';
import { seedPublishedRubric } from './use-cases/rubrics.js';

/**
 * The final evaluation standard every city starts with (the one the platform shipped as evaluation_standards before
 * issue 18 moved it onto the engine): five criteria out of 100, 优秀 from 90, 良好 80, 合格 60.
 */
export const DEFAULT_EVALUATION_RUBRIC: RubricSpec = ownedRubricSpec('evaluation', 'evaluation', {
  name: '政府购买服务项目终期评估标准',
  description: '政府购买服务项目终期评估：评估人按标准逐项打分，总分对应等次，等次记入承接机构的履约记录。',
  criteria: [
    { key: 'outputs', name: '产出指标完成情况', maxPoints: 30, description: '服务人数、次数等产出指标的完成度' },
    { key: 'outcomes', name: '成效指标达成情况', maxPoints: 30, description: '服务对象状况改善等成效指标的达成度' },
    { key: 'satisfaction', name: '服务对象满意度', maxPoints: 20, description: '服务对象与社区的满意度测评' },
    { key: 'finances', name: '资金使用', maxPoints: 10, description: '预算执行、票据规范、专款专用' },
    { key: 'management', name: '项目管理', maxPoints: 10, description: '档案、月报、督导整改落实' },
  ],
  gradeBands: EVALUATION_BANDS({ excellent: 90, good: 80, pass: 60 }),
});

/** The evaluation grades as bands: below 合格 is 不合格 (from 0, so every total has a grade). */
export function EVALUATION_BANDS(b: { excellent: number; good: number; pass: number }) {
  return [
    { code: 'excellent', name: '优秀', minComposite: b.excellent },
    { code: 'good', name: '良好', minComposite: b.good },
    { code: 'pass', name: '合格', minComposite: b.pass },
    { code: 'fail', name: '不合格', minComposite: 0 },
  ];
}

async function copyPublished(tx: Tx, fromCityId: string, toCityId: string) {
  const trees = await selectRubrics(tx, and(eq(assessmentRubrics.cityId, fromCityId), eq(assessmentRubrics.state, 'published')));
  let copied = 0;
  for (const t of trees) if (await seedPublishedRubric(tx, toCityId, specOfTree(t))) copied++;
  return { copied, skipped: trees.length - copied };
}

/**
 * A new city's rubrics: every published rubric of the template city (SPPE, the towns', expert review, final
 * evaluation) as the new city's version 1, unless it has that code already. Every city has the final evaluation
 * standard from the start: without it no project could be evaluated.
 */
export const assessmentTemplate: CityTemplatePart = {
  label: { zh: '评估标准（SPPE、镇街考核、终期评估）', en: 'Rubrics (SPPE, towns, final evaluation)' },
  copy: (tx, _ctx, from, to) => copyPublished(tx, from.id, to.id),
  async defaults(tx, city) {
    await seedPublishedRubric(tx, city.id, DEFAULT_EVALUATION_RUBRIC);
  },
};
