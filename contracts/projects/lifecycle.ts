import { z } from 'zod';

/**
 * A purchased service project's lifecycle on the case engine: the states and names every seam shares. Each seam
 * (initiation, calls and bids, procurement, contract and delivery, supervision, payments, evaluation, documents,
 * disclosure) has its own file beside this one; contracts/projects.ts gathers them for callers.
 */
export const PROJECT_STATES = ['draft', 'proposed', 'planned', 'calling', 'procuring', 'noticing', 'awarded', 'implementing', 'evaluating', 'closing', 'closed', 'rejected', 'cancelled'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];
export const PROJECT_STATE_NAMES: Record<ProjectState, { zh: string; en: string }> = {
  draft: { zh: '需求填报', en: 'Drafting' },
  proposed: { zh: '立项审核', en: 'Initiation review' },
  planned: { zh: '已列入计划', en: 'In the plan' },
  calling: { zh: '统一申报中', en: 'Call open' },
  procuring: { zh: '统一采购（专家评审）', en: 'Procurement (expert review)' },
  noticing: { zh: '中标公示', en: 'Award notice' },
  awarded: { zh: '已确定承接方', en: 'Awarded' },
  implementing: { zh: '项目实施', en: 'Implementation' },
  evaluating: { zh: '终期评估', en: 'Final evaluation' },
  closing: { zh: '结项', en: 'Closing' },
  closed: { zh: '已结项', en: 'Closed' },
  rejected: { zh: '未立项', en: 'Not approved' },
  cancelled: { zh: '已终止', en: 'Cancelled' },
};

export const PROCUREMENT_METHODS = ['publicTender', 'competitiveConsultation', 'competitiveNegotiation', 'inquiry', 'singleSource'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const PROCUREMENT_METHOD_NAMES: Record<ProcurementMethod, { zh: string; en: string; ocds: 'open' | 'selective' | 'limited' }> = {
  publicTender: { zh: '公开招标', en: 'Open tender', ocds: 'open' },
  competitiveConsultation: { zh: '竞争性磋商', en: 'Competitive consultation', ocds: 'selective' },
  competitiveNegotiation: { zh: '竞争性谈判', en: 'Competitive negotiation', ocds: 'selective' },
  inquiry: { zh: '询价', en: 'Request for quotation', ocds: 'selective' },
  singleSource: { zh: '单一来源', en: 'Single source', ocds: 'limited' },
};

export const INDICATOR_KINDS = ['output', 'outcome'] as const;
export const ZIndicator = z.strictObject({
  kind: z.enum(INDICATOR_KINDS, { error: '请选择产出或成效指标' }),
  name: z.string().trim().min(2, { error: '请填写指标名称' }).max(60),
  target: z.number().positive({ error: '目标值须大于 0' }).max(1e9),
  unit: z.string().trim().min(1, { error: '请填写单位' }).max(10),
});

/** A calendar date as the API writes it. */
export const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });
