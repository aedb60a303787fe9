import { enumChecks } from '../../platform/db/checks.js';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { MEETING_KINDS } from '../../../contracts/projects.js';
import { users } from '../../platform/auth/auth.tables.js';
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
    projectIds: uuid('project_ids').array().notNull().default(sql`'{}'::uuid[]`),
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
  (t) => [...enumChecks('project_meetings', t), index('project_meetings_starts_idx').on(t.startsAt), index('project_meetings_projects_idx').using('gin', t.projectIds)],
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
