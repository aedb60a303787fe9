import { enumChecks } from '../../platform/db/checks.js';
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { MEETING_KINDS } from '../../../contracts/meetings.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { files } from '../../platform/files/files.tables.js';

/**
 * The three meetings (launch briefing, supervision meeting, evaluation briefing), each for a batch of
 * projects, with attendees, minutes and files; published meetings appear on the public portal.
 */
export const projectMeetings = pgTable(
  'project_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: MEETING_KINDS }).notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    attendees: text('attendees').array().notNull().default(sql`'{}'::text[]`),
    minutes: text('minutes'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** A cancelled meeting keeps its row (and stays public if it was published) so the public learns it is off. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('project_meetings', t), index('project_meetings_starts_idx').on(t.startsAt)],
);

/**
 * The projects on a meeting's agenda, one row each (issue 14 §3). A project is a case of type serviceProject:
 * the key names the kernel's cases, since this module may not depend on projects (which reads its meetings).
 */
export const projectMeetingProjects = pgTable(
  'project_meeting_projects',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => projectMeetings.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => cases.id),
  },
  (t) => [primaryKey({ name: 'project_meeting_projects_pk', columns: [t.meetingId, t.projectId] }), index('project_meeting_projects_project_idx').on(t.projectId, t.meetingId)],
);

export const meetingAttachments = pgTable(
  'meeting_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => projectMeetings.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** A wrongly uploaded file is removed softly: hidden from the meeting and the portal, kept for the record. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: uuid('removed_by').references(() => users.id),
  },
  (t) => [index('meeting_attachments_meeting_idx').on(t.meetingId)],
);
