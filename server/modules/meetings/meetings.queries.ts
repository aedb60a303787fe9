import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZMeetingQuery } from '../../../contracts/meetings.js';
import { roleGrants } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/db/sql.js';
import { files } from '../../platform/files/files.tables.js';
import { timestampKey } from '../../platform/http/paging.js';
import { AGENDA } from './meetings-of-projects.js';
import { meetingAttachments, projectMeetingProjects, projectMeetings } from './meetings.tables.js';

/** A meeting's columns as the calendar and the portal show it, with its agenda and the list's cursor key. */
const MEETING_FIELDS = {
  id: projectMeetings.id,
  kind: projectMeetings.kind,
  title: projectMeetings.title,
  startsAt: projectMeetings.startsAt,
  place: projectMeetings.place,
  projectIds: AGENDA,
  attendees: projectMeetings.attendees,
  minutes: projectMeetings.minutes,
  publishedAt: projectMeetings.publishedAt,
  cancelledAt: projectMeetings.cancelledAt,
  cancelReason: projectMeetings.cancelReason,
  version: projectMeetings.version,
  /** starts_at with its microseconds, for the list's cursor. */
  startsKey: timestampKey(projectMeetings.startsAt),
};

const selectMeetingRows = (db: DbOrTx) => db.select(MEETING_FIELDS).from(projectMeetings);

/** A meeting row as the builder types it from MEETING_FIELDS. */
export type MeetingRow = Awaited<ReturnType<typeof selectMeetingRows>>[number];

/** A project on a meeting's agenda, as the meeting shows it. */
export interface AgendaProject {
  id: string;
  number: string;
  title: string;
}

/** A file of a meeting that was not removed. */
export interface MeetingAttachmentRow {
  meetingId: string;
  id: string;
  name: string;
  mime: string;
  size: number;
}

/** The list's filters as SQL conditions (the year in China time, as people read a meeting date). */
export function meetingFilters(input: z.infer<typeof ZMeetingQuery>): SQL[] {
  const where: SQL[] = [];
  if (input.year) where.push(sql`extract(year from ${projectMeetings.startsAt} at time zone 'Asia/Shanghai') = ${input.year}`);
  if (input.kind) where.push(eq(projectMeetings.kind, input.kind));
  if (input.projectId) {
    const onAgenda = sql`select 1 from ${projectMeetingProjects} where ${projectMeetingProjects.meetingId} = ${projectMeetings.id} and ${projectMeetingProjects.projectId} = ${input.projectId}`;
    where.push(sql`exists (${onAgenda})`);
  }
  return where;
}

/**
 * Meetings held on a city's projects: a meeting has no region of its own, its agenda's projects do (a project's case
 * lies at its city's node). A meeting whose agenda spans two cities is each city's.
 */
export function meetingsOfCity(cityPath: string): SQL {
  const onAgenda = sql`select 1 from ${projectMeetingProjects} join ${cases} on ${cases.id} = ${projectMeetingProjects.projectId} where ${projectMeetingProjects.meetingId} = ${projectMeetings.id} and ${inSubtree(cases.regionPath, cityPath)}`;
  return sql`exists (${onAgenda})`;
}

/** Meetings matching every condition, in `order`, at most `limit`. */
export function selectMeetings(db: DbOrTx, where: SQL[], order: SQL, limit: number): Promise<MeetingRow[]> {
  return selectMeetingRows(db)
    .where(and(...where))
    .orderBy(order)
    .limit(limit);
}

/** One meeting, if `scope` lets it through. */
export async function selectMeeting(db: DbOrTx, id: string, scope: SQL): Promise<MeetingRow | undefined> {
  const [m] = await selectMeetingRows(db).where(and(eq(projectMeetings.id, id), scope));
  return m;
}

/** The projects on these meetings' agendas and the files they carry, oldest file first. */
export async function selectMeetingParts(db: DbOrTx, list: readonly MeetingRow[]): Promise<{ projects: AgendaProject[]; files: MeetingAttachmentRow[] }> {
  if (!list.length) return { projects: [], files: [] };
  const ids = [...new Set(list.flatMap((m) => m.projectIds))];
  const projects = ids.length ? await db.select({ id: cases.id, number: cases.number, title: cases.title }).from(cases).where(inArray(cases.id, ids)) : [];
  const found = await db
    .select({ meetingId: meetingAttachments.meetingId, id: meetingAttachments.id, name: files.originalName, mime: files.mime, size: files.size })
    .from(meetingAttachments)
    .innerJoin(files, eq(files.id, meetingAttachments.fileId))
    .where(
      and(
        isNull(meetingAttachments.removedAt),
        inArray(
          meetingAttachments.meetingId,
          list.map((m) => m.id),
        ),
      ),
    )
    .orderBy(asc(meetingAttachments.createdAt));
  return { projects, files: found };
}

/** The ids of a meeting's agenda (for the audit's before and after), in one order. */
export async function agendaOf(tx: DbOrTx, meetingId: string): Promise<string[]> {
  const found = await tx.select({ projectId: projectMeetingProjects.projectId }).from(projectMeetingProjects).where(eq(projectMeetingProjects.meetingId, meetingId)).orderBy(asc(projectMeetingProjects.projectId));
  return found.map((a) => a.projectId);
}

/** Which of these ids are purchased service projects. */
export function selectServiceProjectIds(tx: DbOrTx, ids: readonly string[]): Promise<{ id: string }[]> {
  return tx
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.caseType, 'serviceProject'), inArray(cases.id, [...ids])));
}

/** The members of the organizations delivering these projects, with the project they deliver. */
export function selectProviders(tx: DbOrTx, projectIds: readonly string[]): Promise<{ userId: string; caseId: string; title: string }[]> {
  return tx
    .selectDistinct({ userId: roleGrants.userId, caseId: cases.id, title: cases.title })
    .from(cases)
    .innerJoin(roleGrants, and(eq(roleGrants.orgId, cases.orgId), eq(roleGrants.role, 'orgMember')))
    .where(inArray(cases.id, [...projectIds]));
}

/** One meeting's row, locked for the change the caller is about to make. */
export async function lockMeeting(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(projectMeetings).where(eq(projectMeetings.id, id)).for('update');
  return row;
}

/** Whether a meeting is cancelled (undefined: no such meeting); `lock` takes its row lock. */
export async function meetingCancellation(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<{ id: string; cancelledAt: Date | null } | undefined> {
  const query = db.select({ id: projectMeetings.id, cancelledAt: projectMeetings.cancelledAt }).from(projectMeetings).where(eq(projectMeetings.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** A meeting's file that was not removed, with whether the meeting is published or cancelled. */
export async function selectAttachmentForDownload(db: DbOrTx, meetingId: string, attachmentId: string) {
  const [a] = await db
    .select({ fileId: meetingAttachments.fileId, publishedAt: projectMeetings.publishedAt, cancelledAt: projectMeetings.cancelledAt })
    .from(meetingAttachments)
    .innerJoin(projectMeetings, eq(projectMeetings.id, meetingAttachments.meetingId))
    .where(and(eq(meetingAttachments.id, attachmentId), eq(meetingAttachments.meetingId, meetingId), isNull(meetingAttachments.removedAt)));
  return a;
}
