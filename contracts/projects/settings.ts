import { z } from 'zod';
import { ZId } from '../common.js';
import { ELIGIBILITY_RULE_KINDS, type EligibilityRuleKind } from './calls.js';
import { PROCUREMENT_METHODS } from './lifecycle.js';

/** Settings of the project lifecycle that a city edits: eligibility rules, the bad-credit list, the rubric, the evaluation standard and the procurement method bands. */

/**
 * The city a setting is read or changed in (issue 16 §3: each city keeps its own eligibility rules and bands).
 * Omitted, it is the caller's own city; someone who reaches several cities names one.
 */
const ZCityChoice = ZId.optional();

/** Each rule kind's parameters: what the code checks, and what an administrator may set. */
export const RULE_PARAMS: Record<EligibilityRuleKind, z.ZodType> = {
  activeStatus: z.strictObject({}),
  minYearsRegistered: z.strictObject({ years: z.number().int().min(1).max(20) }),
  minGradeAboveAmount: z.strictObject({ amountFen: z.number().int().min(0), grade: z.enum(['1A', '2A', '3A', '4A', '5A']) }),
  notOnBadCreditList: z.strictObject({}),
  noFailedEvaluation: z.strictObject({ years: z.number().int().min(1).max(10) }),
};

export const ZEligibilityRule = z.object({ cityId: ZId, code: z.string(), kind: z.enum(ELIGIBILITY_RULE_KINDS), params: z.record(z.string(), z.unknown()), description: z.string(), active: z.boolean(), version: z.number().int() });

/** The rules of the caller's cities, or of the one named. */
export const ZEligibilityRuleQuery = z.strictObject({ cityId: ZCityChoice });

export const ZEligibilityRulePatch = z.strictObject({ cityId: ZCityChoice, version: z.number().int().min(1), params: z.record(z.string(), z.unknown()).optional(), description: z.string().trim().min(4).max(200).optional(), active: z.boolean().optional() });

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

/** The city's final evaluation standard: its published evaluation rubric in the assessment engine; `version` is the rubric's. */
export const ZStandardSettings = z.object({ cityId: z.string(), name: z.string(), criteria: z.array(ZCriterion), bands: z.object({ excellent: z.number().int(), good: z.number().int(), pass: z.number().int() }), version: z.number().int() });

export const ZStandardPatch = z.strictObject({
  /** The city whose standard changes (the caller's only city when omitted). */
  cityId: ZCityChoice,
  version: z.number().int().min(1),
  criteria: criteriaOf100.optional(),
  bands: z
    .strictObject({ excellent: z.number().int().min(1).max(100), good: z.number().int().min(1).max(100), pass: z.number().int().min(1).max(100) })
    .refine((b) => b.excellent > b.good && b.good > b.pass, { error: '等级分数线须为 优秀 > 良好 > 合格' })
    .optional(),
});

/**
 * Which procurement method a call defaults to, by the project's budget (issue 15 §5): bands from an amount up.
 * A binding band is the law's line (at or above the 公开招标数额标准 a purchase must be a public tender); the others
 * only suggest. The list is replaced whole; its version is the highest row version.
 */
export const MAX_PROCUREMENT_BANDS = 20;

export const ZProcurementBand = z.object({
  fromFen: z.number().int(),
  method: z.enum(PROCUREMENT_METHODS),
  methodName: z.string(),
  binding: z.boolean(),
  note: z.string(),
});
export type ProcurementBand = z.infer<typeof ZProcurementBand>;

export const ZProcurementBands = z.object({ cityId: ZId, items: z.array(ZProcurementBand), version: z.number().int() });

export const ZProcurementBandInput = z.strictObject({
  fromFen: z.number({ error: '请填写起点金额（分）' }).int({ error: '起点金额须为整数（分）' }).min(0, { error: '起点金额不能为负数' }).max(1e12, { error: '起点金额超出上限' }),
  method: z.enum(PROCUREMENT_METHODS, { error: '请选择采购方式' }),
  binding: z.boolean({ error: '请说明该档是否为必须采用的方式' }),
  note: z.string({ error: '请填写依据说明' }).trim().max(200, { error: '依据说明不超过 200 字' }).default(''),
});

export const ZProcurementBandsPut = z.strictObject({
  cityId: ZCityChoice,
  version: z.number().int().min(0),
  bands: z
    .array(ZProcurementBandInput)
    .min(1, { error: '至少设置一档，且第一档须从 0 元起' })
    .max(MAX_PROCUREMENT_BANDS, { error: `最多设置 ${MAX_PROCUREMENT_BANDS} 档` })
    .superRefine((bands, check) => {
      const seen = new Map<number, number>();
      bands.forEach((b, i) => {
        if (seen.has(b.fromFen)) check.addIssue({ code: 'custom', path: [i, 'fromFen'], message: `起点金额与第 ${seen.get(b.fromFen)! + 1} 档重复` });
        else seen.set(b.fromFen, i);
      });
      if (!seen.has(0)) check.addIssue({ code: 'custom', path: [0, 'fromFen'], message: '第一档须从 0 元起，使任何金额都有适用的采购方式' });
    }),
});

/** One city's bands: the caller's own, or the one named. */
export const ZProcurementBandsQuery = z.strictObject({ cityId: ZCityChoice });

export const ZProcurementBandQuery = z.strictObject({ cityId: ZCityChoice, amountFen: z.coerce.number({ error: '请填写金额（分）' }).int({ error: '金额须为整数（分）' }).min(0, { error: '金额不能为负数' }).max(1e12, { error: '金额超出上限' }) });

/** The band an amount falls in (the greatest start at or below it); null while the city has set none. */
export const ZProcurementBandForAmount = z.object({ band: ZProcurementBand.nullable() });

export const ZStandardQuery = z.strictObject({ cityId: ZCityChoice });
