import { z } from 'zod';
import { ZId } from '../common.js';
import { ZBudgetItem, ZTeamMember } from './calls.js';

/** One criterion of the scoring rubric: experts give 0..maxPoints whole points. */
export const ZRubricCriterion = z.object({ key: z.string(), name: z.string(), maxPoints: z.number().int().min(1).max(100), description: z.string() });

export const ZAssignExpertsInput = z.strictObject({ userIds: z.array(ZId).min(1, { error: '请至少选择一名评审专家' }).max(9) });

export const ZConflictDeclaration = z
  .strictObject({ hasConflict: z.boolean(), note: z.string().trim().max(500).optional() })
  .refine((v) => !v.hasConflict || (v.note ?? '').length >= 4, { error: '存在利益冲突时请说明情况', path: ['note'] });

export const ZScoreInput = z.strictObject({
  /** Points per rubric criterion key. */
  scores: z.record(z.string(), z.number().int({ error: '分数须为整数' }).min(0, { error: '分数不能为负' })),
  comment: z.string().trim().max(1000).optional(),
});

export const EXPERT_STATES = ['assigned', 'declared', 'recused'] as const;
export const ZExpert = z.object({ userId: ZId, name: z.string(), state: z.enum(EXPERT_STATES), conflictNote: z.string().nullable(), scoredBids: z.number().int() });

/** What an expert sees of one assignment: the rubric, the bids (no other expert's scores), and their own scores. */
export const ZReview = z.object({
  projectId: ZId,
  number: z.string(),
  title: z.string(),
  budgetFen: z.number().int(),
  state: z.enum(EXPERT_STATES),
  /** The project's stage: scoring is open while it is procuring. */
  projectState: z.string(),
  rubric: z.array(ZRubricCriterion),
  /** The organizations that bid (names only): an expert declares conflicts against them before seeing any bid. */
  bidders: z.array(z.string()),
  bids: z.array(
    z.object({
      bidId: ZId,
      orgName: z.string(),
      plan: z.string(),
      budgetItems: z.array(ZBudgetItem),
      team: z.array(ZTeamMember),
      totalFen: z.number().int(),
      myScores: z.record(z.string(), z.number()).nullable(),
      myTotal: z.number().nullable(),
      myComment: z.string().nullable(),
    }),
  ),
});

export const ZReviewSummary = z.object({ projectId: ZId, number: z.string(), title: z.string(), state: z.enum(EXPERT_STATES), bidCount: z.number().int(), scoredCount: z.number().int(), projectState: z.string() });

export const ZRanking = z.object({
  /** Every non-recused expert has scored every live bid. */
  complete: z.boolean(),
  missing: z.array(z.object({ expertName: z.string(), orgName: z.string() })),
  items: z.array(
    z.object({
      rank: z.number().int(),
      bidId: ZId,
      orgId: ZId,
      orgName: z.string(),
      totalFen: z.number().int(),
      /** Mean of the experts' totals, two decimals. */
      average: z.number(),
      expertTotals: z.array(z.number()),
    }),
  ),
  recommendedBidId: ZId.nullable(),
  noticeStartsOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  awardedBidId: ZId.nullable(),
});

export const ZObjectionInput = z.strictObject({ text: z.string().trim().min(10, { error: '请具体说明异议事项与理由（至少 10 个字）' }).max(2000) });
export const ZObjectionAnswer = z.strictObject({ answer: z.string().trim().min(4, { error: '请填写答复内容' }).max(2000), upheld: z.boolean(), version: z.number().int().min(1) });
export const ZObjection = z.object({
  id: ZId,
  projectId: ZId,
  text: z.string(),
  raisedByName: z.string(),
  raisedAt: z.string(),
  answer: z.string().nullable(),
  upheld: z.boolean().nullable(),
  answeredAt: z.string().nullable(),
  version: z.number().int(),
});
