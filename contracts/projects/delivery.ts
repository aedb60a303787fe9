import { z } from 'zod';
import { ZId } from '../common.js';
import { ZDate, ZIndicator } from './lifecycle.js';

export const MILESTONE_CONDITIONS = ['signing', 'midtermSupervision', 'finalEvaluation'] as const;
export type MilestoneCondition = (typeof MILESTONE_CONDITIONS)[number];
export const MILESTONE_CONDITION_NAMES: Record<MilestoneCondition, { zh: string; en: string }> = {
  signing: { zh: '合同签订', en: 'Contract signed' },
  midtermSupervision: { zh: '中期督导通过', en: 'Midterm supervision passed' },
  finalEvaluation: { zh: '终期评估完成', en: 'Final evaluation done' },
};

export const ZMilestoneInput = z.strictObject({
  name: z.string().trim().min(2).max(40),
  dueOn: ZDate,
  amountFen: z.number().int().min(0),
  condition: z.enum(MILESTONE_CONDITIONS),
});
export const ZContractInput = z.strictObject({
  contractNumber: z.string().trim().min(3, { error: '请填写合同编号' }).max(40),
  signedOn: ZDate,
  valueFen: z.number().int().min(100),
  startOn: ZDate,
  endOn: ZDate,
  milestones: z.array(ZMilestoneInput).min(1, { error: '至少设置一个付款节点' }).max(12),
});
export const ZAwardInput = z.strictObject({});

/** The office's early-completion decision: the service ends before the contract's term, for a stated reason. */
export const ZEarlyCompletionInput = z.strictObject({
  reason: z.string().trim().min(10, { error: '请写明提前结项的理由（至少 10 个字）' }).max(2000),
});

/** The signed contract and its payment schedule. */
export const ZContract = z.object({
  projectId: ZId,
  number: z.string(),
  providerOrgId: ZId,
  providerName: z.string(),
  signedOn: z.string(),
  valueFen: z.number().int(),
  startOn: z.string(),
  endOn: z.string(),
  /** The office's decision to end the service before endOn, if made. */
  earlyCompletion: z.object({ on: z.string(), reason: z.string() }).nullable(),
  /** The final report may be filed: the term has reached its last day, or early completion was decided. */
  finalReportOpen: z.boolean(),
  milestones: z.array(
    z.object({
      id: ZId,
      seq: z.number().int(),
      name: z.string(),
      dueOn: z.string(),
      amountFen: z.number().int(),
      condition: z.enum(MILESTONE_CONDITIONS),
      conditionName: z.string(),
      acceptedAt: z.string().nullable(),
      paidAt: z.string().nullable(),
      version: z.number().int(),
    }),
  ),
});


/** A service delivered: what, where, for whom, and what it adds to each indicator. */
export const ZServiceRecordInput = z.strictObject({
  servedOn: ZDate,
  place: z.string().trim().min(2, { error: '请填写服务地点' }).max(100),
  activity: z.string().trim().min(4, { error: '请描述服务活动' }).max(1000),
  participants: z.number().int().min(0).max(100000),
  beneficiaries: z.number().int().min(0).max(100000),
  /** Progress per indicator, by its position in the project's indicator list. */
  progress: z.array(z.strictObject({ indicator: z.number().int().min(0), value: z.number().min(0).max(1e9) })).max(20).default([]),
  /** Photos uploaded to the project's case first (POST /api/v1/cases/{id}/attachments). */
  attachmentIds: z.array(ZId).max(20).default([]),
});
export const ZServiceRecord = ZServiceRecordInput.extend({ id: ZId, recordedByName: z.string(), recordedAt: z.string() });

export const ZIndicatorProgress = ZIndicator.extend({ index: z.number().int(), achieved: z.number(), percent: z.number() });

export const ZMonthlyReportInput = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' }),
  summary: z.string().trim().min(10, { error: '请填写本月工作小结（至少 10 个字）' }).max(5000),
  problems: z.string().trim().max(2000).default(''),
  nextPlan: z.string().trim().max(2000).default(''),
});
export const ZMonthlyReport = ZMonthlyReportInput.extend({ id: ZId, submittedByName: z.string(), submittedAt: z.string() });
