import { z } from 'zod';
import { ELIGIBILITY_RULE_KINDS, type EligibilityRuleKind } from './calls.js';

/** Settings of the project lifecycle that a city edits: eligibility rules, the bad-credit list, the rubric and the evaluation standard. */

/** Each rule kind's parameters: what the code checks, and what an administrator may set. */
export const RULE_PARAMS: Record<EligibilityRuleKind, z.ZodType> = {
  activeStatus: z.strictObject({}),
  minYearsRegistered: z.strictObject({ years: z.number().int().min(1).max(20) }),
  minGradeAboveAmount: z.strictObject({ amountFen: z.number().int().min(0), grade: z.enum(['1A', '2A', '3A', '4A', '5A']) }),
  notOnBadCreditList: z.strictObject({}),
  noFailedEvaluation: z.strictObject({ years: z.number().int().min(1).max(10) }),
};

export const ZEligibilityRule = z.object({ code: z.string(), kind: z.enum(ELIGIBILITY_RULE_KINDS), params: z.record(z.string(), z.unknown()), description: z.string(), active: z.boolean(), version: z.number().int() });

export const ZEligibilityRulePatch = z.strictObject({ version: z.number().int().min(1), params: z.record(z.string(), z.unknown()).optional(), description: z.string().trim().min(4).max(200).optional(), active: z.boolean().optional() });

export const ZBlacklistEntry = z.object({ id: z.string(), orgId: z.string(), orgName: z.string(), creditCode: z.string().nullable(), reason: z.string(), listedOn: z.string(), liftedOn: z.string().nullable(), active: z.boolean(), listedAt: z.string() });

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });

export const ZBlacklistInput = z.strictObject({ orgId: z.uuid(), reason: z.string().trim().min(4, { error: '请写明列入失信名单的事实与依据' }).max(500), listedOn: ZDate, liftedOn: ZDate.optional() });

export const ZBlacklistLift = z.strictObject({ liftedOn: ZDate });

export const ZCriterion = z.strictObject({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]{1,29}$/, { error: '编码须以小写字母开头，仅含字母和数字' }),
  name: z.string().trim().min(2).max(30),
  maxPoints: z.number().int().min(1).max(100),
  description: z.string().trim().max(200).default(''),
});

const criteriaOf100 = z
  .array(ZCriterion)
  .min(2)
  .max(12)
  .refine((c) => c.reduce((n, x) => n + x.maxPoints, 0) === 100, { error: '各项满分之和须为 100 分' })
  .refine((c) => new Set(c.map((x) => x.key)).size === c.length, { error: '评分项编码重复' });

export const ZRubricSettings = z.object({ name: z.string(), criteria: z.array(ZCriterion), minExperts: z.number().int(), noticeWorkingDays: z.number().int(), version: z.number().int() });

export const ZRubricPatch = z.strictObject({ version: z.number().int().min(1), criteria: criteriaOf100.optional(), minExperts: z.number().int().min(1).max(9).optional(), noticeWorkingDays: z.number().int().min(1).max(30).optional() });

export const ZStandardSettings = z.object({ name: z.string(), criteria: z.array(ZCriterion), bands: z.object({ excellent: z.number().int(), good: z.number().int(), pass: z.number().int() }), version: z.number().int() });

export const ZStandardPatch = z.strictObject({
  version: z.number().int().min(1),
  criteria: criteriaOf100.optional(),
  bands: z
    .strictObject({ excellent: z.number().int().min(1).max(100), good: z.number().int().min(1).max(100), pass: z.number().int().min(1).max(100) })
    .refine((b) => b.excellent > b.good && b.good > b.pass, { error: '等级分数线须为 优秀 > 良好 > 合格' })
    .optional(),
});
