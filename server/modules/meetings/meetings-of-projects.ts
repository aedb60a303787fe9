import { sql } from 'drizzle-orm';
import type { MeetingKind } from '../../../contracts/meetings.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';

/** A meeting's agenda as an array of project ids in number order (project_meetings being the outer row). */
export const AGENDA = sql`array(select a.project_id::text from project_meeting_projects a join cases c on c.id = a.project_id where a.meeting_id = project_meetings.id order by c.number)`;

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
  const found = await rows<{ id: string; kind: MeetingKind; title: string; starts_at: Date | string; place: string; minutes: string | null; published_at: Date | string | null; cancelled_at: Date | string | null; project_ids: string[] }>(
    db,
    sql`select id, kind, title, starts_at, place, minutes, published_at, cancelled_at, ${AGENDA} as project_ids from project_meetings
        where exists (select 1 from project_meeting_projects a where a.meeting_id = project_meetings.id and a.project_id in (${sql.join(
          projectIds.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})) ${options.publishedOnly ? sql`and published_at is not null` : sql``}
        order by starts_at`,
  );
  return found.map((m) => ({ id: m.id, kind: m.kind, title: m.title, startsAt: m.starts_at, place: m.place, minutes: m.minutes, publishedAt: m.published_at, cancelledAt: m.cancelled_at, projectIds: m.project_ids }));
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
  const found = await rows<{ id: string; meeting_id: string; created_at: Date | string; name: string; mime: string; size: number; uploader_name: string | null }>(
    db,
    sql`select a.id, a.meeting_id, a.created_at, f.original_name as name, f.mime, f.size::int as size, u.display_name as uploader_name
        from meeting_attachments a join files f on f.id = a.file_id left join users u on u.id = a.uploaded_by
        where a.removed_at is null and a.meeting_id in (${sql.join(
          meetingIds.map((m) => sql`${m}::uuid`),
          sql`, `,
        )}) order by a.created_at`,
  );
  return found.map((f) => ({ id: f.id, meetingId: f.meeting_id, createdAt: f.created_at, name: f.name, mime: f.mime, size: f.size, uploaderName: f.uploader_name }));
}
