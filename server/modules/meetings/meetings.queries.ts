import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { MeetingKind, ZMeetingQuery } from '../../../contracts/meetings.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import { timestampKey } from '../../platform/http/paging.js';
import { AGENDA } from './meetings-of-projects.js';
import { meetingAttachments, projectMeetingProjects, projectMeetings } from './meetings.tables.js';

export interface MeetingRow {
  id: string;
  kind: MeetingKind;
  title: string;
  starts_at: Date | string;
  place: string;
  project_ids: string[];
  attendees: string[];
  minutes: string | null;
  published_at: Date | string | null;
  cancelled_at: Date | string | null;
  cancel_reason: string | null;
  version: number;
  /** starts_at with its microseconds, for the list's cursor. */
  starts_key: string;
}

/** A project on a meeting's agenda, as the meeting shows it. */
export interface AgendaProject {
  id: string;
  number: string;
  title: string;
}

/** A file of a meeting that was not removed. */
export interface MeetingAttachmentRow {
  meeting_id: string;
  id: string;
  name: string;
  mime: string;
  size: number;
}

const SELECT = sql`select id, kind, title, starts_at, ${timestampKey(sql`starts_at`)} as starts_key, place, ${AGENDA} as project_ids, attendees, minutes, published_at, cancelled_at, cancel_reason, version from project_meetings`;

/** The list's filters as SQL conditions (the year in China time, as people read a meeting date). */
export function meetingFilters(input: z.infer<typeof ZMeetingQuery>): SQL[] {
  const where: SQL[] = [];
  if (input.year) where.push(sql`extract(year from starts_at at time zone 'Asia/Shanghai') = ${input.year}`);
  if (input.kind) where.push(sql`kind = ${input.kind}`);
  if (input.projectId) where.push(sql`exists (select 1 from project_meeting_projects a where a.meeting_id = project_meetings.id and a.project_id = ${input.projectId})`);
  return where;
}

/** Meetings matching every condition, in `order`, at most `limit`. */
export function selectMeetings(db: DbOrTx, where: SQL[], order: SQL, limit: number): Promise<MeetingRow[]> {
  return rows<MeetingRow>(db, sql`${SELECT} ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``} order by ${order} limit ${limit}`);
}

/** One meeting, if `scope` lets it through. */
export async function selectMeeting(db: DbOrTx, id: string, scope: SQL): Promise<MeetingRow | undefined> {
  const [m] = await rows<MeetingRow>(db, sql`${SELECT} where id = ${id} and ${scope}`);
  return m;
}

/** The projects on these meetings' agendas and the files they carry, oldest file first. */
export async function selectMeetingParts(db: DbOrTx, list: readonly MeetingRow[]): Promise<{ projects: AgendaProject[]; files: MeetingAttachmentRow[] }> {
  if (!list.length) return { projects: [], files: [] };
  const ids = [...new Set(list.flatMap((m) => m.project_ids))];
  const projects = ids.length ? await rows<AgendaProject>(db, sql`select id, number, title from cases where id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`) : [];
  const files = await rows<MeetingAttachmentRow>(
    db,
    sql`select a.meeting_id, a.id, f.original_name as name, f.mime, f.size::int as size from meeting_attachments a join files f on f.id = a.file_id
        where a.removed_at is null and a.meeting_id in (${sql.join(list.map((m) => sql`${m.id}::uuid`), sql`, `)}) order by a.created_at`,
  );
  return { projects, files };
}

/** The ids of a meeting's agenda (for the audit's before and after), in one order. */
export async function agendaOf(tx: DbOrTx, meetingId: string): Promise<string[]> {
  const found = await tx.select({ projectId: projectMeetingProjects.projectId }).from(projectMeetingProjects).where(eq(projectMeetingProjects.meetingId, meetingId)).orderBy(asc(projectMeetingProjects.projectId));
  return found.map((a) => a.projectId);
}

/** Which of these ids are purchased service projects. */
export function selectServiceProjectIds(tx: DbOrTx, ids: readonly string[]): Promise<{ id: string }[]> {
  return rows<{ id: string }>(tx, sql`select id from cases where case_type = 'serviceProject' and id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
}

/** The members of the organizations delivering these projects, with the project they deliver. */
export function selectProviders(tx: DbOrTx, projectIds: readonly string[]): Promise<{ user_id: string; case_id: string; title: string }[]> {
  return rows<{ user_id: string; case_id: string; title: string }>(
    tx,
    sql`select distinct g.user_id, c.id as case_id, c.title from cases c join role_grants g on g.org_id = c.org_id and g.role = 'orgMember' where c.id in (${sql.join(projectIds.map((i) => sql`${i}::uuid`), sql`, `)})`,
  );
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
