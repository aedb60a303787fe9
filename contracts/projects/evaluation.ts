import { z } from 'zod';
import { ZRubricCriterion } from './procurement.js';

export const EVALUATION_GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];
export const EVALUATION_GRADE_NAMES: Record<EvaluationGrade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
};
export const ZEvaluationInput = z.strictObject({
  scores: z.record(z.string(), z.number().int({ error: '分数须为整数' }).min(0, { error: '分数不能为负' })),
  summary: z.string().trim().min(10, { error: '请填写评估结论（至少 10 个字）' }).max(5000),
});
export const ZEvaluation = z.object({
  scores: z.record(z.string(), z.number()),
  criteria: z.array(ZRubricCriterion),
  total: z.number().int(),
  grade: z.enum(EVALUATION_GRADES),
  gradeName: z.string(),
  summary: z.string(),
  evaluatedOn: z.string(),
  evaluatorName: z.string(),
});
export const ZCloseInput = z.strictObject({ closingReport: z.string().trim().min(10, { error: '请填写结项报告摘要' }).max(10000) });
