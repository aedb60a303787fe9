import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { MeetingKind } from '../../../contracts/meetings.js';
import { users } from '../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { files } from '../../platform/files/files.tables.js';
import { meetingAttachments, projectMeetingProjects, projectMeetings } from './meetings.tables.js';

/**
 * A meeting's agenda as an array of project ids in number order (project_meetings being the outer row). Written
 * with its own aliases and the outer table by name: as a select field of a one-table query, Drizzle would print
 * column objects unqualified, and "meeting_id" = "id" would compare the subquery's own columns.
 */
export const AGENDA = sql<string[]>`array(select a.project_id::text from project_meeting_projects a join cases c on c.id = a.project_id where a.meeting_id = project_meetings.id order by c.number)`;

/** A meeting as the projects module shows it on a project's pages (documents, the public page). */
export interface ProjectMeeting {
  id: string;
  kind: MeetingKind;
  title: string;
  startsAt: Date | string;
  place: string;
  minutes: string | null;
  publishedAt: Date | string | null;
  cancelledAt: Date | string | null;
  projectIds: string[];
}

/**
 * The meetings that had any of these projects on their agenda, oldest first — only published ones when
 * `publishedOnly` (the portal, a provider). One query whatever the number of projects (the (project, meeting)
 * index of project_meeting_projects). Read by the projects module, which decides who may see what.
 */
export async function meetingsOfProjects(db: DbOrTx, projectIds: readonly string[], options: { publishedOnly: boolean }): Promise<ProjectMeeting[]> {
  if (!projectIds.length) return [];
  const onAgenda = sql`exists (select 1 from ${projectMeetingProjects} where ${projectMeetingProjects.meetingId} = ${projectMeetings.id} and ${inArray(projectMeetingProjects.projectId, [...projectIds])})`;
  return db
    .select({
      id: projectMeetings.id,
      kind: projectMeetings.kind,
      title: projectMeetings.title,
      startsAt: projectMeetings.startsAt,
      place: projectMeetings.place,
      minutes: projectMeetings.minutes,
      publishedAt: projectMeetings.publishedAt,
      cancelledAt: projectMeetings.cancelledAt,
      projectIds: AGENDA,
    })
    .from(projectMeetings)
    .where(and(onAgenda, options.publishedOnly ? isNotNull(projectMeetings.publishedAt) : undefined))
    .orderBy(asc(projectMeetings.startsAt));
}

/** A file of a meeting (not removed), with who uploaded it. */
export interface MeetingFile {
  id: string;
  meetingId: string;
  createdAt: Date | string;
  name: string;
  mime: string;
  size: number;
  uploaderName: string | null;
}

/** The files of these meetings that were not removed, oldest first. */
export async function meetingFilesOf(db: DbOrTx, meetingIds: readonly string[]): Promise<MeetingFile[]> {
  if (!meetingIds.length) return [];
  return db
    .select({
      id: meetingAttachments.id,
      meetingId: meetingAttachments.meetingId,
      createdAt: meetingAttachments.createdAt,
      name: files.originalName,
      mime: files.mime,
      size: files.size,
      uploaderName: users.displayName,
    })
    .from(meetingAttachments)
    .innerJoin(files, eq(files.id, meetingAttachments.fileId))
    .leftJoin(users, eq(users.id, meetingAttachments.uploadedBy))
    .where(and(isNull(meetingAttachments.removedAt), inArray(meetingAttachments.meetingId, [...meetingIds])))
    .orderBy(asc(meetingAttachments.createdAt));
}
