import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ELIGIBILITY_RULE_KINDS, PROCUREMENT_METHODS, BID_STATES } from '../../../contracts/projects.js';
import { departments } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { catalogCategories } from '../catalog/catalog.tables.js';
import { fundAllocations, fundLines } from '../funds/funds.tables.js';
import { orgs } from '../orgs/orgs.tables.js';

/** A purchased service project's details; state, history and deadlines live in its case. */
export const serviceProjects = pgTable(
  'service_projects',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id),
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
    townIds: uuid('town_ids').array().notNull().default(sql`'{}'::uuid[]`),
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
  },
  (t) => [
    index('service_projects_year_idx').on(t.year),
    index('service_projects_department_idx').on(t.departmentId),
    index('service_projects_category_idx').on(t.catalogCategoryId),
    index('service_projects_towns_idx').using('gin', t.townIds),
    check('service_projects_budget_ck', sql`${t.budgetFen} > 0`),
  ],
);

/** Who may bid: rule kinds the code checks, with parameters and wording a city edits. */
export const eligibilityRules = pgTable(
  'eligibility_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    kind: text('kind', { enum: ELIGIBILITY_RULE_KINDS }).notNull(),
    params: jsonb('params').notNull().default(sql`'{}'::jsonb`),
    description: text('description').notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('eligibility_rules_code_uq').on(t.code)],
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
  (t) => [
    uniqueIndex('project_bids_live_uq').on(t.projectId, t.orgId).where(sql`${t.state} = 'submitted'`),
    index('project_bids_org_idx').on(t.orgId),
    check('project_bids_total_ck', sql`${t.totalFen} >= 0`),
  ],
);
