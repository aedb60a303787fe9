import { z } from 'zod';
import { ZId } from '../common.js';
import { ZDate } from './lifecycle.js';

export const SUPERVISION_KINDS = ['routine', 'midterm', 'final'] as const;
export const SUPERVISION_KIND_NAMES: Record<(typeof SUPERVISION_KINDS)[number], { zh: string; en: string }> = {
  routine: { zh: '日常督导', en: 'Routine supervision' },
  midterm: { zh: '中期督导', en: 'Midterm supervision' },
  final: { zh: '终期督导', en: 'Final supervision' },
};
export const SUPERVISION_RESULTS = ['pass', 'rectify', 'fail'] as const;
export const SUPERVISION_RESULT_NAMES: Record<(typeof SUPERVISION_RESULTS)[number], { zh: string; en: string }> = {
  pass: { zh: '通过', en: 'Passed' },
  rectify: { zh: '限期整改', en: 'Rectification required' },
  fail: { zh: '不通过', en: 'Failed' },
};

export const ZSupervisionInput = z
  .strictObject({
    kind: z.enum(SUPERVISION_KINDS),
    visitedOn: ZDate,
    findings: z.string().trim().min(4, { error: '请填写督导发现' }).max(5000),
    result: z.enum(SUPERVISION_RESULTS),
    /** For `rectify`: each item the provider must fix, with working days to do it. */
    rectifications: z.array(z.strictObject({ item: z.string().trim().min(4).max(500), workingDays: z.number().int().min(1).max(60) })).max(20).default([]),
  })
  .refine((v) => v.result !== 'rectify' || v.rectifications.length > 0, { error: '限期整改须列出整改事项', path: ['rectifications'] });

export const RECTIFICATION_STATES = ['open', 'submitted', 'closed'] as const;
export const ZRectification = z.object({
  id: ZId,
  visitId: ZId,
  item: z.string(),
  dueOn: z.string(),
  overdue: z.boolean(),
  state: z.enum(RECTIFICATION_STATES),
  response: z.string().nullable(),
  reviewComment: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export const ZSupervisionVisit = z.object({
  id: ZId,
  kind: z.enum(SUPERVISION_KINDS),
  kindName: z.string(),
  visitedOn: z.string(),
  findings: z.string(),
  result: z.enum(SUPERVISION_RESULTS),
  resultName: z.string(),
  supervisorName: z.string(),
  /** Passed, or every rectification of a `rectify` visit closed. */
  cleared: z.boolean(),
  rectifications: z.array(ZRectification),
});
export const ZRectificationResponse = z.strictObject({ response: z.string().trim().min(4, { error: '请说明整改情况' }).max(3000), version: z.number().int().min(1), attachmentIds: z.array(ZId).max(10).default([]) });
export const ZRectificationReview = z.strictObject({ accept: z.boolean(), comment: z.string().trim().max(1000).optional(), version: z.number().int().min(1) });
