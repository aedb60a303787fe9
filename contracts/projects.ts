import { z } from 'zod';
import { ZId, ZCursor } from './common.js';
import { ZCase } from './cases.js';

/**
 * A purchased service project's lifecycle on the case engine. This part covers initiation (a department
 * proposes, the office approves it into the year's plan and its budget is reserved) and the unified
 * application (the office publishes a call, eligible organizations bid, the call closes).
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

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });

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
});

export const ZProjectListQuery = z.strictObject({
  state: z.enum(PROJECT_STATES).optional(),
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

export const PAYMENT_STATES = ['requested', 'paid', 'rejected'] as const;
export const ZPaymentRequestInput = z.strictObject({ milestoneId: ZId, note: z.string().trim().max(500).optional() });
export const ZPayInput = z.strictObject({ voucherNo: z.string().trim().min(3, { error: '请填写支付凭证号' }).max(40), version: z.number().int().min(1) });
export const ZPaymentReject = z.strictObject({ reason: z.string().trim().min(4).max(500), version: z.number().int().min(1) });
export const ZPayment = z.object({
  id: ZId,
  projectId: ZId,
  milestoneId: ZId,
  milestoneName: z.string(),
  amountFen: z.number().int(),
  state: z.enum(PAYMENT_STATES),
  voucherNo: z.string().nullable(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  paidAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** Whether the milestone's condition is met now (signing, mid-term supervision cleared, final evaluation done). */
  conditionMet: z.boolean(),
  conditionNote: z.string(),
  version: z.number().int(),
});

/** Whether each milestone's payment condition holds now, and why (the same check the payment request makes). */
export const ZMilestoneCondition = z.object({ milestoneId: ZId, met: z.boolean(), note: z.string() });

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

/** The three public meetings of the lifecycle. */
export const MEETING_KINDS = ['launchBriefing', 'supervisionMeeting', 'evaluationBriefing'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_NAMES: Record<MeetingKind, { zh: string; en: string }> = {
  launchBriefing: { zh: '新闻发布会', en: 'Launch briefing' },
  supervisionMeeting: { zh: '督导见面会', en: 'Supervision meeting' },
  evaluationBriefing: { zh: '评估说明会', en: 'Evaluation briefing' },
};

export const ZMeetingInput = z.strictObject({
  kind: z.enum(MEETING_KINDS, { error: '请选择会议类型' }),
  title: z.string().trim().min(4, { error: '请填写会议名称' }).max(80),
  startsAt: z.iso.datetime({ offset: true, error: '请填写会议时间（ISO 8601，含时区）' }),
  place: z.string().trim().min(2, { error: '请填写会议地点' }).max(100),
  projectIds: z.array(ZId).min(1, { error: '至少关联一个项目' }).max(200),
  attendees: z.array(z.string().trim().min(1).max(60)).max(200).default([]),
});
export const ZMeetingPatch = z.strictObject({
  version: z.number().int().min(1),
  title: z.string().trim().min(4).max(80).optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  place: z.string().trim().min(2).max(100).optional(),
  projectIds: z.array(ZId).min(1).max(200).optional(),
  attendees: z.array(z.string().trim().min(1).max(60)).max(200).optional(),
  minutes: z.string().trim().max(20000).optional(),
  /** Publishing puts the meeting, its minutes and attachments on the public portal. */
  published: z.boolean().optional(),
});
export const ZMeeting = z.object({
  id: ZId,
  kind: z.enum(MEETING_KINDS),
  kindName: z.string(),
  title: z.string(),
  startsAt: z.string(),
  place: z.string(),
  projects: z.array(z.object({ id: ZId, number: z.string(), title: z.string() })),
  attendees: z.array(z.string()),
  minutes: z.string().nullable(),
  attachments: z.array(z.object({ id: ZId, name: z.string(), mime: z.string(), size: z.number().int() })),
  publishedAt: z.string().nullable(),
  /** A cancelled meeting keeps its record; if it was published, the portal shows it as cancelled. */
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});
/** Cancelling keeps the meeting, its minutes and files; the reason is shown to staff and, once published, to the public. */
export const ZMeetingCancel = z.strictObject({
  version: z.number().int().min(1),
  reason: z.string({ error: '请填写取消原因' }).trim().min(2, { error: '请填写取消原因（至少 2 个字）' }).max(200, { error: '取消原因不能超过 200 个字' }),
});
export const ZMeetingAttachmentParams = z.strictObject({ id: ZId, attachmentId: ZId });
export const ZMeetingQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z.enum(MEETING_KINDS).optional(),
  projectId: ZId.optional(),
});

/**
 * Every file of a project in one list, each with where it came from: a case attachment (sent with a
 * step, a photo of a service record, a rectification response, a checklist item, or a loose upload) or a
 * file of a meeting that had the project on its agenda. Only what the caller may open; `url` is the
 * access-checked download address.
 */
export const PROJECT_DOCUMENT_ORIGINS = ['step', 'serviceRecord', 'rectification', 'checklist', 'upload', 'meeting'] as const;
export type ProjectDocumentOrigin = (typeof PROJECT_DOCUMENT_ORIGINS)[number];
export const ZProjectDocument = z.object({
  id: ZId,
  origin: z.enum(PROJECT_DOCUMENT_ORIGINS),
  /** What it belongs to, in words: the step's name, the service record's place, the rectification item, the checklist item, the meeting's title. */
  originDetail: z.string().nullable(),
  /** When that happened (step, service day, supervision visit, meeting), ISO date or timestamp; null for a loose upload. */
  originAt: z.string().nullable(),
  /** The meeting it belongs to, for origin `meeting`. */
  meetingId: ZId.nullable(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
  uploaderName: z.string().nullable(),
  /** Replaced by a newer file for the same checklist item; kept because the history points at it. */
  superseded: z.boolean(),
  url: z.string(),
});
export const ZProjectDocuments = z.object({
  items: z.array(ZProjectDocument),
  /** The meetings that had the project on their agenda (staff: all; others: published ones), with their minutes. */
  meetings: z.array(
    z.object({
      id: ZId,
      kind: z.enum(MEETING_KINDS),
      title: z.string(),
      startsAt: z.string(),
      place: z.string(),
      minutes: z.string().nullable(),
      publishedAt: z.string().nullable(),
      cancelledAt: z.string().nullable(),
    }),
  ),
});

/** What the public portal discloses about a project: initiation, call, award, contract summary, evaluation result. */
export const ZProjectDisclosure = z.object({
  id: ZId,
  number: z.string(),
  title: z.string(),
  year: z.number().int(),
  state: z.enum(PROJECT_STATES),
  stateName: z.string(),
  departmentName: z.string(),
  categoryName: z.string(),
  summary: z.string(),
  townNames: z.array(z.string()),
  budgetFen: z.number().int(),
  initiation: z.object({ approvedOn: z.string().nullable() }),
  call: z.object({ procurementMethodName: z.string(), deadline: z.string(), publishedAt: z.string(), notice: z.string() }).nullable(),
  /** The recommended provider while on notice (awardedOn null), then the awarded one. */
  award: z.object({ providerName: z.string(), providerCreditCode: z.string().nullable(), awardedOn: z.string().nullable(), noticeStartsOn: z.string().nullable(), noticeEndsOn: z.string().nullable() }).nullable(),
  contract: z.object({ number: z.string(), valueFen: z.number().int(), signedOn: z.string(), startOn: z.string(), endOn: z.string(), paidFen: z.number().int() }).nullable(),
  evaluation: z.object({ grade: z.enum(EVALUATION_GRADES), gradeName: z.string(), total: z.number().int(), evaluatedOn: z.string() }).nullable(),
  meetings: z.array(z.object({ id: ZId, kindName: z.string(), title: z.string(), startsAt: z.string() })),
});
export const ZPublicProjectQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: ZCursor,
});

/** The lifecycle dashboard's figures. */
export const ZProjectDashboard = z.object({
  year: z.number().int(),
  byStage: z.array(z.object({ state: z.enum(PROJECT_STATES), stateName: z.string(), count: z.number().int() })),
  byDepartment: z.array(z.object({ departmentId: ZId, departmentName: z.string(), count: z.number().int(), budgetFen: z.number().int() })),
  byCategory: z.array(z.object({ categoryId: ZId, categoryName: z.string(), tier: z.string(), count: z.number().int(), budgetFen: z.number().int() })),
  money: z.object({ totalFen: z.number().int(), reservedFen: z.number().int(), committedFen: z.number().int(), paidFen: z.number().int(), remainingFen: z.number().int() }),
  overdueSteps: z.number().int(),
  openRectifications: z.number().int(),
  overdueRectifications: z.number().int(),
});
