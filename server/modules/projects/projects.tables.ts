import { enumChecks } from '../../platform/db/checks.js';
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ELIGIBILITY_RULE_KINDS, BID_STATES } from '../../../contracts/projects/calls.js';
import { EVALUATION_GRADES } from '../../../contracts/projects/evaluation.js';
import { EXPERT_STATES } from '../../../contracts/projects/procurement.js';
import { MILESTONE_CONDITIONS } from '../../../contracts/projects/delivery.js';
import { PAYMENT_STATES } from '../../../contracts/projects/payments.js';
import { PROCUREMENT_METHODS } from '../../../contracts/projects/lifecycle.js';
import { RECTIFICATION_STATES, SUPERVISION_KINDS, SUPERVISION_RESULTS } from '../../../contracts/projects/supervision.js';
import { departments, regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { caseAttachments, cases } from '../../platform/cases/cases.tables.js';
import { catalogCategories } from '../catalog/tables.js';
import { fundAllocations, fundLines, fundMovements } from '../funds/tables.js';
import { assessmentRounds } from '../assessment/tables.js';
import { orgs } from '../orgs/tables.js';

/** A purchased service project's details; state, history and deadlines live in its case. */
export const serviceProjects = pgTable(
  'service_projects',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id),
    /**
     * The case's number, copied (it never changes): the list is in number order, and with the number
     * here each filter's index also gives that order instead of walking every case to test a filter.
     */
    number: text('number').notNull(),
    year: integer('year').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    catalogCategoryId: uuid('catalog_category_id')
      .notNull()
      .references(() => catalogCategories.id),
    summary: text('summary').notNull(),
    domains: text('domains').array().notNull().default(sql`'{}'::text[]`),
    targetGroups: text('target_groups').array().notNull().default(sql`'{}'::text[]`),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    durationMonths: integer('duration_months').notNull(),
    indicators: jsonb('indicators').notNull(),
    /** Set on approval: the line paying and the department's allocation in it. */
    lineId: uuid('line_id').references(() => fundLines.id),
    allocationId: uuid('allocation_id').references(() => fundAllocations.id),
    procurementMethod: text('procurement_method', { enum: PROCUREMENT_METHODS }),
    callNotice: text('call_notice'),
    callDeadline: date('call_deadline', { mode: 'string' }),
    callPublishedAt: timestamp('call_published_at', { withTimezone: true }),
    /** The rubric the experts score on, copied when the call closes so later edits do not change it. */
    rubric: jsonb('rubric'),
    /** The panel's recommendation (best average) and the public notice running from it. */
    recommendedBidId: uuid('recommended_bid_id').references((): AnyPgColumn => projectBids.id),
    noticeStartsOn: date('notice_starts_on', { mode: 'string' }),
    noticeEndsOn: date('notice_ends_on', { mode: 'string' }),
    awardedBidId: uuid('awarded_bid_id').references((): AnyPgColumn => projectBids.id),
    awardedAt: timestamp('awarded_at', { withTimezone: true }),
    /** The organization delivering the service once awarded. */
    providerOrgId: uuid('provider_org_id').references(() => orgs.id),
    /**
     * The office's decision that the service may end before the contract's term (the final report and the
     * evaluation otherwise wait for the term's last day), with its reason; set once, by `decideEarlyCompletion`.
     */
    earlyCompletionOn: date('early_completion_on', { mode: 'string' }),
    earlyCompletionReason: text('early_completion_reason'),
    closingReport: text('closing_report'),
    closedOn: date('closed_on', { mode: 'string' }),
  },
  (t) => [...enumChecks('service_projects', t),
    // The allocation the budget is reserved on belongs to the project's line.
    foreignKey({ name: 'service_projects_allocation_line_fk', columns: [t.allocationId, t.lineId], foreignColumns: [fundAllocations.id, fundAllocations.lineId] }),
    uniqueIndex('service_projects_number_uq').on(t.number),
    index('service_projects_year_idx').on(t.year, t.number),
    index('service_projects_department_idx').on(t.departmentId, t.number),
    index('service_projects_category_idx').on(t.catalogCategoryId, t.number),
    check('service_projects_budget_ck', sql`${t.budgetFen} > 0`),
  ],
);

/**
 * The towns a project serves (none: the whole city), one row each so the database keeps them real (issue 14 §3).
 * Keyed (project, town) for a project's towns and indexed (town, project) for the list's town filter.
 */
export const serviceProjectTowns = pgTable(
  'service_project_towns',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => serviceProjects.caseId),
    townId: uuid('town_id')
      .notNull()
      .references(() => regions.id),
  },
  (t) => [primaryKey({ name: 'service_project_towns_pk', columns: [t.projectId, t.townId] }), index('service_project_towns_town_idx').on(t.townId, t.projectId)],
);

/** Who may bid: rule kinds the code checks, with parameters and wording a city edits. */
export const eligibilityRules = pgTable(
  'eligibility_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The city whose setting it is (issue 16 §3): each city keeps its own, started from a template. */
    cityId: uuid('city_id')
      .notNull()
      .references(() => regions.id),
    code: text('code').notNull(),
    kind: text('kind', { enum: ELIGIBILITY_RULE_KINDS }).notNull(),
    params: jsonb('params').notNull().default(sql`'{}'::jsonb`),
    description: text('description').notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('eligibility_rules', t), uniqueIndex('eligibility_rules_city_code_uq').on(t.cityId, t.code)],
);

/**
 * The procurement method a call defaults to by the project's budget (issue 15 §5): each band runs from `from_fen` up
 * to the next band's start. `binding`: an amount in the band must use the band's method (at or above the
 * 公开招标数额标准); otherwise the method is only the suggestion. The list is replaced whole (settings/
 * procurement-bands.ts); every row carries the list's version. A city without bands has no default.
 */
export const procurementMethodBands = pgTable(
  'procurement_method_bands',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The city whose setting it is (issue 16 §3): each city keeps its own, started from a template. */
    cityId: uuid('city_id')
      .notNull()
      .references(() => regions.id),
    fromFen: bigint('from_fen', { mode: 'number' }).notNull(),
    method: text('method', { enum: PROCUREMENT_METHODS }).notNull(),
    binding: boolean('binding').notNull().default(false),
    /** The legal basis, in Chinese, shown under the form's method. */
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('procurement_method_bands', t),
    uniqueIndex('procurement_method_bands_city_from_uq').on(t.cityId, t.fromFen),
    check('procurement_method_bands_from_ck', sql`${t.fromFen} >= 0`),
    check('procurement_method_bands_note_ck', sql`char_length(${t.note}) <= 200`),
  ],
);

/** Organizations barred from bidding for a time (失信名单), with the reason. */
export const creditBlacklist = pgTable(
  'credit_blacklist',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    reason: text('reason').notNull(),
    listedOn: date('listed_on', { mode: 'string' }).notNull(),
    /** The day the listing ends (exclusive); null while it stands. */
    liftedOn: date('lifted_on', { mode: 'string' }),
    listedBy: uuid('listed_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('credit_blacklist_org_idx').on(t.orgId)],
);

/** An organization's bid in a project's call: plan, budget lines and team. One live bid per org and call. */
export const projectBids = pgTable(
  'project_bids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    state: text('state', { enum: BID_STATES }).notNull().default('submitted'),
    plan: text('plan').notNull(),
    budgetItems: jsonb('budget_items').notNull(),
    team: jsonb('team').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    /** The eligibility check as it stood at submission. */
    eligibility: jsonb('eligibility').notNull(),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('project_bids', t),
    uniqueIndex('project_bids_live_uq').on(t.projectId, t.orgId).where(sql`${t.state} = 'submitted'`),
    index('project_bids_org_idx').on(t.orgId),
    check('project_bids_total_ck', sql`${t.totalFen} >= 0`),
  ],
);

/** Scoring rubrics (data): the criteria and their maximum points; `default` is used unless a project names another. */
export const scoringRubrics = pgTable('scoring_rubrics', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  criteria: jsonb('criteria').notNull(),
  /** Experts needed on a panel for a recommendation. */
  minExperts: integer('min_experts').notNull().default(3),
  /** Working days the award recommendation stays on public notice. */
  noticeWorkingDays: integer('notice_working_days').notNull().default(5),
  version: integer('version').notNull().default(1),
});

/** The expert panel of a project: assigned by the office, each declares conflicts before seeing any bid. */
export const projectExperts = pgTable(
  'project_experts',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    state: text('state', { enum: EXPERT_STATES }).notNull().default('assigned'),
    conflictNote: text('conflict_note'),
    declaredAt: timestamp('declared_at', { withTimezone: true }),
    assignedBy: uuid('assigned_by').references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...enumChecks('project_experts', t), uniqueIndex('project_experts_uq').on(t.projectId, t.userId), index('project_experts_user_idx').on(t.userId)],
);

/** One expert's scores for one bid; points per rubric criterion and their total. */
export const bidScores = pgTable(
  'bid_scores',
  {
    bidId: uuid('bid_id')
      .notNull()
      .references(() => projectBids.id),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => users.id),
    scores: jsonb('scores').notNull(),
    total: integer('total').notNull(),
    comment: text('comment'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bid_scores_uq').on(t.bidId, t.expertId), check('bid_scores_total_ck', sql`${t.total} >= 0`)],
);

/** Objections lodged during the award notice, each answered by the office before the award. */
export const projectObjections = pgTable(
  'project_objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
    text: text('text').notNull(),
    raisedBy: uuid('raised_by')
      .notNull()
      .references(() => users.id),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    answer: text('answer'),
    upheld: boolean('upheld'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('project_objections_project_idx').on(t.projectId)],
);

/** The signed contract of a project, and its payment schedule. */
export const projectContracts = pgTable(
  'project_contracts',
  {
    projectId: uuid('project_id')
      .primaryKey()
      .references(() => cases.id),
    number: text('number').notNull(),
    providerOrgId: uuid('provider_org_id')
      .notNull()
      .references(() => orgs.id),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    valueFen: bigint('value_fen', { mode: 'number' }).notNull(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    endOn: date('end_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('project_contracts_number_uq').on(t.number), check('project_contracts_value_ck', sql`${t.valueFen} > 0 and ${t.endOn} >= ${t.startOn}`)],
);

export const contractMilestones = pgTable(
  'contract_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projectContracts.projectId),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    condition: text('condition', { enum: MILESTONE_CONDITIONS }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('contract_milestones', t), uniqueIndex('contract_milestones_seq_uq').on(t.projectId, t.seq), check('contract_milestones_amount_ck', sql`${t.amountFen} >= 0`)],
);

/** Services the provider delivered, with their contribution to the indicators. */
export const serviceRecords = pgTable(
  'service_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
    servedOn: date('served_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    activity: text('activity').notNull(),
    participants: integer('participants').notNull(),
    beneficiaries: integer('beneficiaries').notNull(),
    progress: jsonb('progress').notNull().default(sql`'[]'::jsonb`),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_records_project_idx').on(t.projectId, t.servedOn)],
);

/** A service record's photos and files: attachments of the project's case, one row each (issue 14 §3). */
export const serviceRecordAttachments = pgTable(
  'service_record_attachments',
  {
    recordId: uuid('record_id').notNull(),
    attachmentId: uuid('attachment_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'service_record_attachments_pk', columns: [t.recordId, t.attachmentId] }),
    foreignKey({ name: 'service_record_attachments_record_fk', columns: [t.recordId], foreignColumns: [serviceRecords.id] }),
    foreignKey({ name: 'service_record_attachments_attachment_fk', columns: [t.attachmentId], foreignColumns: [caseAttachments.id] }),
    index('service_record_attachments_attachment_idx').on(t.attachmentId),
  ],
);

/** The provider's monthly report: one per month. */
export const projectReports = pgTable(
  'project_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
    month: text('month').notNull(),
    summary: text('summary').notNull(),
    problems: text('problems').notNull().default(''),
    nextPlan: text('next_plan').notNull().default(''),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('project_reports_month_uq').on(t.projectId, t.month)],
);

/** Supervision visits (office staff or a third party) and what they found. */
export const supervisionVisits = pgTable(
  'supervision_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: SUPERVISION_KINDS }).notNull(),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    findings: text('findings').notNull(),
    result: text('result', { enum: SUPERVISION_RESULTS }).notNull(),
    supervisorId: uuid('supervisor_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...enumChecks('supervision_visits', t), index('supervision_visits_project_idx').on(t.projectId)],
);

/** A finding the provider must fix by a deadline in working days; tracked to closure by the supervisor. */
export const rectifications = pgTable(
  'rectifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => supervisionVisits.id),
    item: text('item').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    state: text('state', { enum: RECTIFICATION_STATES }).notNull().default('open'),
    response: text('response'),
    reviewComment: text('review_comment'),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Set by the daily job when the deadline passes with the item still open, so each is flagged once. */
    overdueNotifiedAt: timestamp('overdue_notified_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('rectifications', t), index('rectifications_project_idx').on(t.projectId, t.state), index('rectifications_open_due_idx').on(t.dueOn).where(sql`${t.state} <> 'closed'`)],
);

/** The files the provider sent with a rectification's response: attachments of the project's case (issue 14 §3). */
export const rectificationResponseAttachments = pgTable(
  'rectification_response_attachments',
  {
    rectificationId: uuid('rectification_id').notNull(),
    attachmentId: uuid('attachment_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'rectification_response_attachments_pk', columns: [t.rectificationId, t.attachmentId] }),
    foreignKey({ name: 'rectification_response_attachments_rectification_fk', columns: [t.rectificationId], foreignColumns: [rectifications.id] }),
    foreignKey({ name: 'rectification_response_attachments_attachment_fk', columns: [t.attachmentId], foreignColumns: [caseAttachments.id] }),
    index('rectification_response_attachments_attachment_idx').on(t.attachmentId),
  ],
);

/** A payment asked for a milestone; paid once (one live request per milestone, and a state check under lock). */
export const paymentRequests = pgTable(
  'payment_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
    milestoneId: uuid('milestone_id')
      .notNull()
      .references(() => contractMilestones.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    state: text('state', { enum: PAYMENT_STATES }).notNull().default('requested'),
    note: text('note'),
    voucherNo: text('voucher_no'),
    rejectReason: text('reject_reason'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    fundMovementId: uuid('fund_movement_id').references(() => fundMovements.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('payment_requests', t),
    uniqueIndex('payment_requests_live_uq').on(t.milestoneId).where(sql`${t.state} <> 'rejected'`),
    uniqueIndex('payment_requests_voucher_uq').on(t.voucherNo).where(sql`${t.voucherNo} is not null`),
    index('payment_requests_project_idx').on(t.projectId),
    check('payment_requests_amount_ck', sql`${t.amountFen} > 0`),
    // A paid request has its voucher, its date and its ledger row; an unpaid one has none of them.
    check('payment_requests_paid_ck', sql`(${t.state} = 'paid') = (${t.voucherNo} is not null and ${t.paidAt} is not null and ${t.fundMovementId} is not null)`),
  ],
);

/**
 * The final evaluation of a project as the project's record keeps it: its grade goes on the provider's record and counts
 * in eligibility. The scoring itself (the standard, each criterion's points) lives in the assessment engine's round.
 */
export const projectEvaluations = pgTable(
  'project_evaluations',
  {
    projectId: uuid('project_id')
      .primaryKey()
      .references(() => cases.id),
    providerOrgId: uuid('provider_org_id')
      .notNull()
      .references(() => orgs.id),
    /** The engine's round the evaluator scored the project in (its rubric, sheet and trace); total and grade are its result. */
    roundId: uuid('round_id')
      .notNull()
      .references(() => assessmentRounds.id),
    total: integer('total').notNull(),
    grade: text('grade', { enum: EVALUATION_GRADES }).notNull(),
    summary: text('summary').notNull(),
    evaluatedOn: date('evaluated_on', { mode: 'string' }).notNull(),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [...enumChecks('project_evaluations', t), index('project_evaluations_org_idx').on(t.providerOrgId, t.evaluatedOn)],
);
