import { enumChecks } from '../db/checks.js';
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departments, regions } from '../access/scope.tables.js';
import { users } from '../auth/auth.tables.js';
import { files } from '../files/files.tables.js';

/**
 * Every case of every type (applications, projects, concerns, …) in one table, so that the inbox,
 * deadlines and the overdue job work across types. A module keeps its own details in a table keyed
 * by the case id; the state column is checked against the type's declaration by the engine.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseType: text('case_type').notNull(),
    /** A type's variant (an application's kind): time limits can differ per variant. */
    variant: text('variant').notNull().default('*'),
    /** Human reference shown on paper and on the phone: SQ202600001. */
    number: text('number').notNull(),
    title: text('title').notNull(),
    state: text('state').notNull(),
    outcome: text('outcome'),
    /** The region the case belongs to; access and the inbox filter on it. */
    regionPath: text('region_path').notNull(),
    /** The person who filed it (an applicant or a member of the org). */
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    /** The organization the case is about, once it exists (the registry's id; no FK from the platform). */
    orgId: uuid('org_id'),
    stateEnteredAt: timestamp('state_entered_at', { withTimezone: true }).notNull().defaultNow(),
    /** The current step's deadline on the working-day calendar; null while nobody on the staff side owes an answer. */
    dueOn: date('due_on', { mode: 'string' }),
    /** Set by the overdue job once, so each overdue step is notified once. */
    overdueSince: timestamp('overdue_since', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('cases_number_uq').on(t.number),
    // With the number: a list filtered by state reads it in number order (the project list, the inbox's kin).
    index('cases_type_state_idx').on(t.caseType, t.state, t.number),
    // Title search in lists (pg_trgm; terms of three characters or more use it).
    index('cases_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
    index('cases_region_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('cases_owner_idx').on(t.ownerUserId),
    index('cases_org_idx').on(t.orgId),
    index('cases_due_open_idx').on(t.dueOn).where(sql`${t.closedAt} is null`),
    check('cases_version_ck', sql`${t.version} >= 1`),
  ],
);

/** The case history: one row per transition fired, never changed afterwards. */
export const caseSteps = pgTable(
  'case_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    event: text('event').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    actingRole: text('acting_role'),
    /** The department the actor answered for, in a joint review. */
    departmentId: uuid('department_id').references(() => departments.id),
    comment: text('comment'),
    /** The validated input of the event (an opinion, the notice's items, the decision's reasons). */
    input: jsonb('input'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The workbench's "what I last acted on" reads one actor's latest steps.
  (t) => [uniqueIndex('case_steps_case_seq_uq').on(t.caseId, t.seq), index('case_steps_actor_idx').on(t.actorUserId, t.occurredAt)],
);

/**
 * Who the case waits on now: opened when a state is entered (or by an effect), closed when that party
 * acts or the case leaves the state. The inbox is the open rows that match the reader.
 */
export const caseAssignments = pgTable(
  'case_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    state: text('state').notNull(),
    kind: text('kind', { enum: ['owner', 'permission', 'department'] }).notNull(),
    permission: text('permission'),
    departmentId: uuid('department_id').references(() => departments.id),
    /** What is awaited, in words (zh), e.g. "受理审查", "联审意见". */
    task: text('task').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
  },
  (t) => [...enumChecks('case_assignments', t),
    index('case_assignments_case_idx').on(t.caseId),
    index('case_assignments_open_dept_idx').on(t.departmentId).where(sql`${t.closedAt} is null`),
    index('case_assignments_open_perm_idx').on(t.permission).where(sql`${t.closedAt} is null`),
    check(
      'case_assignments_kind_ck',
      sql`(${t.kind} = 'owner') or (${t.kind} = 'permission' and ${t.permission} is not null) or (${t.kind} = 'department' and ${t.departmentId} is not null)`,
    ),
  ],
);

/**
 * People who work on a case by name rather than by role or region: the office names them (a third-party
 * supervisor on a project, say). A participant sees the case only while they still hold `permission`,
 * so withdrawing the role ends the access without touching the case.
 */
export const caseParticipants = pgTable(
  'case_participants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    permission: text('permission').notNull(),
    addedBy: uuid('added_by')
      .notNull()
      .references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: uuid('removed_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('case_participants_active_uq').on(t.caseId, t.userId, t.permission).where(sql`${t.removedAt} is null`),
    index('case_participants_user_idx').on(t.userId).where(sql`${t.removedAt} is null`),
  ],
);

export const caseComments = pgTable(
  'case_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    /** Staff-only notes are not shown to the applicant. */
    visibility: text('visibility', { enum: ['everyone', 'staff'] }).notNull().default('everyone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...enumChecks('case_comments', t), index('case_comments_case_idx').on(t.caseId, t.createdAt)],
);

/** Materials attached to a case; `item` names the checklist entry it answers, if any. */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    item: text('item'),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Replaced materials stay (the history points at them) but drop out of the current list. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [index('case_attachments_case_idx').on(t.caseId)],
);

/** The attachments sent with a step (the case's own, checked by the engine), one row each (issue 14 §3). */
export const caseStepAttachments = pgTable(
  'case_step_attachments',
  {
    stepId: bigint('step_id', { mode: 'number' }).notNull(),
    attachmentId: uuid('attachment_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'case_step_attachments_pk', columns: [t.stepId, t.attachmentId] }),
    foreignKey({ name: 'case_step_attachments_step_fk', columns: [t.stepId], foreignColumns: [caseSteps.id] }),
    foreignKey({ name: 'case_step_attachments_attachment_fk', columns: [t.attachmentId], foreignColumns: [caseAttachments.id] }),
    index('case_step_attachments_attachment_idx').on(t.attachmentId),
  ],
);

/**
 * Promised time limits as data, editable by a city's administrator; the type's declaration is the default. Each row
 * is one city's (issue 16 §3): a case takes the limits of the city its region lies in.
 */
export const caseTimeLimits = pgTable(
  'case_time_limits',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => regions.id),
    caseType: text('case_type').notNull(),
    variant: text('variant').notNull(),
    state: text('state').notNull(),
    workingDays: integer('working_days').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [uniqueIndex('case_time_limits_city_uq').on(t.cityId, t.caseType, t.variant, t.state), check('case_time_limits_days_ck', sql`${t.workingDays} between 0 and 365`)],
);
