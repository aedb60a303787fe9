import { z } from 'zod';
import { ZId, ZCursor } from '../common.js';
import { ZCase } from '../cases.js';
import { PROCUREMENT_METHODS, PROJECT_STATES, ZDate, ZIndicator } from './lifecycle.js';

/** What a department proposes (立项申请). */
export const ZProjectProposal = z.strictObject({
  title: z.string().trim().min(4, { error: '项目名称至少 4 个字' }).max(60, { error: '项目名称不超过 60 个字' }),
  summary: z.string().trim().min(10, { error: '请用至少 10 个字说明服务需求' }).max(2000),
  year: z.number().int().min(2000).max(2100),
  /** The department buying the service; department staff may only name their own. */
  departmentId: ZId,
  catalogCategoryId: ZId,
  domains: z.array(z.string().min(1).max(40)).min(1, { error: '至少选择一个服务领域' }).max(6),
  targetGroups: z.array(z.string().trim().min(1).max(20)).min(1, { error: '请填写服务对象' }).max(10),
  /** Towns served; empty means city-wide. */
  townIds: z.array(ZId).max(20).default([]),
  budgetFen: z.number().int().min(100, { error: '预算至少 1 元' }).max(1e11),
  durationMonths: z.number().int().min(1).max(36),
  indicators: z.array(ZIndicator).min(1, { error: '至少设置一项绩效指标' }).max(20),
});
export type ProjectProposal = z.infer<typeof ZProjectProposal>;

export const ZProjectProposalPatch = ZProjectProposal.partial().extend({ version: z.number().int().min(1) });

/** The office's approval into the plan: which fund line pays (the department's allocation in it is drawn). */
export const ZApproveInput = z.strictObject({ lineId: ZId });

export const ZPublishCallInput = z.strictObject({
  procurementMethod: z.enum(PROCUREMENT_METHODS, { error: '请选择采购方式' }),
  /** Last day bids are accepted (inclusive, China time). */
  deadline: ZDate,
  notice: z.string().trim().min(10, { error: '请填写申报公告内容' }).max(5000),
});

export const ZProjectFunds = z.object({
  lineId: ZId.nullable(),
  lineName: z.string().nullable(),
  allocationId: ZId.nullable(),
  reservedFen: z.number().int(),
  committedFen: z.number().int(),
  paidFen: z.number().int(),
});

export const ZProjectSummary = z.object({
  id: ZId,
  number: z.string(),
  title: z.string(),
  state: z.enum(PROJECT_STATES),
  stateName: z.string(),
  year: z.number().int(),
  departmentId: ZId,
  departmentName: z.string(),
  catalogCategoryId: ZId,
  categoryName: z.string(),
  tier: z.string(),
  budgetFen: z.number().int(),
  townNames: z.array(z.string()),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  callDeadline: z.string().nullable(),
  bidCount: z.number().int(),
  updatedAt: z.string(),
});

/**
 * What the caller may do on the project's parts now, computed by the server's project policy with the same rules its
 * use cases enforce: pages show a button when its ability is true and never re-derive who may act.
 */
export const ZProjectAbilities = z.object({
  /** The expert panel and the ranking (staff of the project: the office, auditors, the buying department). */
  seeReview: z.boolean(),
  assignExperts: z.boolean(),
  lodgeObjection: z.boolean(),
  answerObjections: z.boolean(),
  recordService: z.boolean(),
  submitMonthlyReport: z.boolean(),
  /** Name or remove third-party supervisors. */
  assignSupervisors: z.boolean(),
  recordVisit: z.boolean(),
  respondRectification: z.boolean(),
  reviewRectification: z.boolean(),
  requestPayment: z.boolean(),
  /** Pay or send back a payment request. */
  decidePayments: z.boolean(),
});
export type ProjectAbilities = z.infer<typeof ZProjectAbilities>;

export const ZProject = ZProjectSummary.extend({
  summary: z.string(),
  domains: z.array(z.object({ code: z.string(), name: z.string() })),
  targetGroups: z.array(z.string()),
  townIds: z.array(ZId),
  durationMonths: z.number().int(),
  indicators: z.array(ZIndicator),
  procurementMethod: z.enum(PROCUREMENT_METHODS).nullable(),
  procurementMethodName: z.string().nullable(),
  callNotice: z.string().nullable(),
  callPublishedAt: z.string().nullable(),
  funds: ZProjectFunds,
  case: ZCase,
  abilities: ZProjectAbilities,
});

export const ZProjectListQuery = z.strictObject({
  state: z.enum(PROJECT_STATES).optional(),
  /** One city's projects, for whoever reaches several (the auditor, a prefecture's office): 404 outside reach. */
  cityId: ZId.optional(),
  departmentId: ZId.optional(),
  catalogCategoryId: ZId.optional(),
  townId: ZId.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  overdueOnly: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: ZCursor,
});
