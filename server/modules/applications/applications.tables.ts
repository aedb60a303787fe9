import { enumChecks } from '../../platform/db/checks.js';
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { APPLICATION_KINDS } from '../../../contracts/application-kinds.js';
import { ORG_TYPES } from '../../../contracts/org-kinds.js';
import { orgs } from '../orgs/orgs.tables.js';

/** An online application's details; its state, history and deadlines live in its case. */
export const applications = pgTable(
  'applications',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id),
    kind: text('kind', { enum: APPLICATION_KINDS }).notNull(),
    /** The form as filed; ID numbers and phones are sealed inside it (…Sealed keys), never in clear. */
    form: jsonb('form').notNull(),
    orgId: uuid('org_id').references(() => orgs.id),
    townId: uuid('town_id').references(() => regions.id),
    applicantName: text('applicant_name'),
    /** Entered at the counter by staff on the applicant's behalf. */
    counter: boolean('counter').notNull().default(false),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    acceptedOn: date('accepted_on', { mode: 'string' }),
    /** The promise to the applicant: acceptance + the kind's promised working days. */
    promisedDueOn: date('promised_due_on', { mode: 'string' }),
    completedOn: date('completed_on', { mode: 'string' }),
    reviewDepartmentIds: uuid('review_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [...enumChecks('applications', t), index('applications_kind_idx').on(t.kind), index('applications_org_idx').on(t.orgId), index('applications_town_idx').on(t.townId)],
);

/** Per kind: the promise in working days and the departments in the joint review (administrator-editable). */
export const applicationSettings = pgTable('application_settings', {
  kind: text('kind', { enum: APPLICATION_KINDS }).primaryKey(),
  promisedDays: integer('promised_days').notNull(),
  reviewDepartmentIds: uuid('review_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => users.id),
  version: integer('version').notNull().default(1),
}, (t) => [...enumChecks('application_settings', t)]);

/**
 * Registration rules as data: the minimum registered capital by organization type and period
 * (e.g. 1,000 yuan for community service organizations in 2016–2018, refunded once a project is approved).
 */
export const registrationRules = pgTable(
  'registration_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgType: text('org_type', { enum: ORG_TYPES }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    minCapitalFen: bigint('min_capital_fen', { mode: 'number' }).notNull(),
    refundOnProjectApproval: boolean('refund_on_project_approval').notNull().default(false),
    note: text('note').notNull(),
  },
  (t) => [...enumChecks('registration_rules', t), check('registration_rules_min_ck', sql`${t.minCapitalFen} >= 0`), uniqueIndex('registration_rules_uq').on(t.orgType, t.validFrom)],
);
