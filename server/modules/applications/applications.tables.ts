import { enumChecks } from '../../platform/db/checks.js';
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departments, regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { APPLICATION_KINDS, SUPPLEMENT_OVERDUE_RULES } from '../../../contracts/application-kinds.js';
import { ORG_TYPES } from '../../../contracts/org-kinds.js';
import { orgs } from '../orgs/tables.js';

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
  },
  (t) => [...enumChecks('applications', t), index('applications_kind_idx').on(t.kind), index('applications_org_idx').on(t.orgId), index('applications_town_idx').on(t.townId)],
);

/** A kind's 办事指南 text, kept per city with its settings (the materials and time limits come from elsewhere). */
export interface ApplicationGuideText {
  conditions: string[];
  legalBasis: string[];
  fees: string;
  channel: string;
}

/**
 * Per kind: the promise in working days, what happens when a one-time notice is not answered in time, and the
 * 办事指南 (administrator-editable; the joint-review departments are a table of their own).
 */
export const applicationSettings = pgTable('application_settings', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The city whose setting it is (issue 16 §3): each city sets its own time limits, checklists and guides. */
  cityId: uuid('city_id')
    .notNull()
    .references(() => regions.id),
  kind: text('kind', { enum: APPLICATION_KINDS }).notNull(),
  promisedDays: integer('promised_days').notNull(),
  /** 逾期未补正: lapse — the office may close it as withdrawn; remind — it waits, with reminders. */
  supplementOverdue: text('supplement_overdue', { enum: SUPPLEMENT_OVERDUE_RULES }).notNull().default('lapse'),
  guide: jsonb('guide').$type<ApplicationGuideText>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => users.id),
  version: integer('version').notNull().default(1),
}, (t) => [...enumChecks('application_settings', t), uniqueIndex('application_settings_city_kind_uq').on(t.cityId, t.kind)]);

/**
 * The items of the one-time notices an application received, each tied to one form field (its path) or one
 * material (its checklist key). The applicant answers an item by changing the field (noticed_value keeps what it
 * held when the notice went out, personal data sealed as in the form), by uploading the material again, or by
 * explaining why it is right; resubmission waits until every item of the latest notice is answered.
 */
export const applicationNoticeItems = pgTable(
  'application_notice_items',
  {
    applicationId: uuid('application_id').notNull(),
    /** 1 for the application's first notice, 2 for a second… */
    notice: integer('notice').notNull(),
    no: integer('no').notNull(),
    field: text('field'),
    material: text('material'),
    problem: text('problem').notNull(),
    noticedValue: jsonb('noticed_value'),
    noticedAt: timestamp('noticed_at', { withTimezone: true }).notNull(),
    explanation: text('explanation'),
    explainedAt: timestamp('explained_at', { withTimezone: true }),
    explainedBy: uuid('explained_by'),
  },
  (t) => [
    primaryKey({ name: 'application_notice_items_pk', columns: [t.applicationId, t.notice, t.no] }),
    foreignKey({ name: 'application_notice_items_application_fk', columns: [t.applicationId], foreignColumns: [applications.caseId] }),
    foreignKey({ name: 'application_notice_items_explained_by_fk', columns: [t.explainedBy], foreignColumns: [users.id] }),
    check('application_notice_items_target_ck', sql`(${t.field} is null) <> (${t.material} is null)`),
    check('application_notice_items_explained_ck', sql`(${t.explanation} is null) = (${t.explainedAt} is null)`),
  ],
);

/**
 * The departments in an application's joint review, set on acceptance (the kind's settings and the org's
 * supervising unit), one row each so the database keeps them real (issue 14 §3). Indexed (department, application)
 * for a reviewer's list.
 */
export const applicationReviewDepartments = pgTable(
  'application_review_departments',
  {
    applicationId: uuid('application_id').notNull(),
    departmentId: uuid('department_id').notNull(),
  },
  // Keys named here: the generated names would pass PostgreSQL's 63 characters.
  (t) => [
    primaryKey({ name: 'application_review_departments_pk', columns: [t.applicationId, t.departmentId] }),
    foreignKey({ name: 'application_review_departments_application_fk', columns: [t.applicationId], foreignColumns: [applications.caseId] }),
    foreignKey({ name: 'application_review_departments_department_fk', columns: [t.departmentId], foreignColumns: [departments.id] }),
    index('application_review_departments_department_idx').on(t.departmentId, t.applicationId),
  ],
);

/** Per kind: the departments that always take part in the joint review (administrator-editable). */
export const applicationSettingReviewDepartments = pgTable(
  'application_setting_review_departments',
  {
    settingId: uuid('setting_id').notNull(),
    departmentId: uuid('department_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'application_setting_review_departments_pk', columns: [t.settingId, t.departmentId] }),
    foreignKey({ name: 'application_setting_review_departments_setting_fk', columns: [t.settingId], foreignColumns: [applicationSettings.id] }),
    foreignKey({ name: 'application_setting_review_departments_department_fk', columns: [t.departmentId], foreignColumns: [departments.id] }),
    index('application_setting_review_departments_department_idx').on(t.departmentId),
  ],
);

/**
 * Registration rules as data: the minimum registered capital by organization type and period
 * (e.g. 1,000 yuan for community service organizations in 2016–2018, refunded once a project is approved), each
 * city's own, edited by its office; one type's periods never overlap (checked under a per-city lock).
 */
export const registrationRules = pgTable(
  'registration_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The city whose rule it is. */
    cityId: uuid('city_id')
      .notNull()
      .references(() => regions.id),
    orgType: text('org_type', { enum: ORG_TYPES }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    minCapitalFen: bigint('min_capital_fen', { mode: 'number' }).notNull(),
    refundOnProjectApproval: boolean('refund_on_project_approval').notNull().default(false),
    note: text('note').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('registration_rules', t), check('registration_rules_min_ck', sql`${t.minCapitalFen} >= 0`), check('registration_rules_period_ck', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`), uniqueIndex('registration_rules_city_uq').on(t.cityId, t.orgType, t.validFrom)],
);

/**
 * A city's materials checklist for a kind (issue 16 §3), in order. A city with no rows for a kind asks for the
 * defaults (CHECKLISTS); once its office saves the list, every item is a row. An item taken off the list is retired,
 * not deleted: applications that attached it still name it, and restoring it keeps its key.
 */
export const applicationChecklistItems = pgTable(
  'application_checklist_items',
  {
    cityId: uuid('city_id').notNull(),
    kind: text('kind', { enum: APPLICATION_KINDS }).notNull(),
    /** What an attachment's `item` and a notice item's `material` name; a default item keeps its default key. */
    key: text('key').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    required: boolean('required').notNull(),
    position: integer('position').notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    ...enumChecks('application_checklist_items', t),
    primaryKey({ name: 'application_checklist_items_pk', columns: [t.cityId, t.kind, t.key] }),
    foreignKey({ name: 'application_checklist_items_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'application_checklist_items_updated_by_fk', columns: [t.updatedBy], foreignColumns: [users.id] }),
    check('application_checklist_items_name_ck', sql`length(${t.name}) between 1 and 60`),
  ],
);
