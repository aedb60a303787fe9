import { z } from 'zod';
import { ZId, ZPageQuery } from '../common.js';
import { ZPortalCityCode } from '../portal.js';
import { ZIndicator } from './lifecycle.js';

/** The public list of open calls: a page, of one city's calls when it names one (`?city=330483`). */
export const ZPublicCallQuery = ZPageQuery.extend({ city: ZPortalCityCode.optional() });

/** An open call as organizations see it (also without login). */
export const ZCall = z.object({
  projectId: ZId,
  number: z.string(),
  title: z.string(),
  departmentName: z.string(),
  categoryName: z.string(),
  summary: z.string(),
  budgetFen: z.number().int(),
  durationMonths: z.number().int(),
  townNames: z.array(z.string()),
  procurementMethodName: z.string(),
  notice: z.string(),
  deadline: z.string(),
  publishedAt: z.string(),
  indicators: z.array(ZIndicator),
});

/** Eligibility rules are data: a kind the code knows how to check, and its parameters. */
export const ELIGIBILITY_RULE_KINDS = ['activeStatus', 'minYearsRegistered', 'minGradeAboveAmount', 'notOnBadCreditList', 'noFailedEvaluation'] as const;
export type EligibilityRuleKind = (typeof ELIGIBILITY_RULE_KINDS)[number];

export const ZEligibilityResult = z.object({
  orgId: ZId,
  orgName: z.string(),
  eligible: z.boolean(),
  rules: z.array(z.object({ code: z.string(), kind: z.enum(ELIGIBILITY_RULE_KINDS), description: z.string(), passed: z.boolean(), reason: z.string().nullable() })),
});

export const ZBudgetItem = z.strictObject({
  name: z.string().trim().min(1, { error: '请填写预算科目' }).max(40),
  amountFen: z.number().int().min(0).max(1e11),
});
export const ZTeamMember = z.strictObject({
  name: z.string().trim().min(2, { error: '请填写姓名' }).max(30),
  role: z.string().trim().min(1).max(30),
  /** Holds a social-work qualification certificate. */
  certified: z.boolean().default(false),
});

export const ZBidInput = z.strictObject({
  orgId: ZId,
  plan: z.string().trim().min(20, { error: '服务方案至少 20 个字' }).max(20000),
  budgetItems: z.array(ZBudgetItem).min(1, { error: '至少列出一项预算' }).max(50),
  team: z.array(ZTeamMember).min(1, { error: '至少列出一名团队成员' }).max(50),
});
export const ZBidPatch = ZBidInput.omit({ orgId: true }).extend({ version: z.number().int().min(1) });

export const BID_STATES = ['submitted', 'withdrawn'] as const;
export const ZBid = z.object({
  id: ZId,
  projectId: ZId,
  orgId: ZId,
  orgName: z.string(),
  state: z.enum(BID_STATES),
  plan: z.string(),
  budgetItems: z.array(ZBudgetItem),
  team: z.array(ZTeamMember),
  totalFen: z.number().int(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
