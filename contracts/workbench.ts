import { z } from 'zod';
import { ZCaseSummary, ZInboxItem } from './cases.js';

/** One figure a role looks at on its workbench (在办申请, 实施中项目 …), computed over the caller's reach. */
export const ZWorkbenchFigure = z.object({
  key: z.string(),
  label: z.string(),
  /** A count, or an amount in fen. */
  unit: z.enum(['count', 'fen']),
  value: z.number().int(),
  /** Where the figure's list is, in the web app. */
  link: z.string(),
});

/** The home page in one answer: what waits on me, what I last worked on, my figures. */
export const ZWorkbench = z.object({
  waiting: z.object({
    total: z.number().int(),
    overdue: z.number().int(),
    byType: z.array(z.object({ caseType: z.string(), caseTypeName: z.string(), count: z.number().int(), overdue: z.number().int() })),
    /** The first few, overdue first (the inbox's order). */
    first: z.array(ZInboxItem),
  }),
  recent: z.array(ZCaseSummary.extend({ lastActedAt: z.string() })),
  figures: z.array(ZWorkbenchFigure),
});
