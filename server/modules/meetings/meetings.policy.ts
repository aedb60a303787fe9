import { sql, type SQL } from 'drizzle-orm';
import { boundCities, departmentReach, reachesWholeCity, requirePermission } from '../../platform/access/policy.js';
import { meetingsOfCity } from './meetings.queries.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Actor } from '../../platform/http/context.js';
import { projectMeetings } from './meetings.tables.js';

/*
 * Meetings are held on projects, so the project permissions govern them (modules/manifests.test.ts allows it):
 * staff read the calendar with project.read, the office schedules, edits, publishes, cancels and files with
 * project.manage, and the public sees what was published.
 */

/** Reading the meetings calendar or one meeting as staff. */
export function requireMeetingsRead(actor: Actor | null): Actor {
  return requirePermission(actor, 'project.read');
}

/** Scheduling, editing, publishing and cancelling meetings and keeping their files. */
export function requireMeetingsManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'project.manage');
}

/**
 * A department sees the meetings about its own projects, the office every meeting of its city, auditors all; and
 * everyone the published meetings of the cities they work in (every city's for those bound to none). A meeting
 * has no region of its own: its agenda's projects place it (meetingsOfCity), and one with nothing on its agenda yet
 * is every city's, so the office that scheduled it keeps seeing it.
 */
export function meetingScope(actor: Actor | null): SQL {
  const reach = departmentReach(actor, 'project.read');
  if (reach.all) return sql`true`;
  const cities = boundCities(actor);
  const agendaless = sql`not exists (select 1 from project_meeting_projects a where a.meeting_id = ${projectMeetings.id})`;
  const ofMyCities = cities.all ? sql`true` : sql`(${agendaless} or ${sql.join(cities.cityPaths.map((p) => meetingsOfCity(p)), sql` or `)})`;
  if (reachesWholeCity(actor, 'project.read')) return ofMyCities;
  const published = sql`(${PUBLISHED_MEETINGS} and ${ofMyCities})`;
  if (!reach.departmentIds.length) return published;
  return sql`(${published} or exists (select 1 from project_meeting_projects a join project_directory p on p.id = a.project_id where a.meeting_id = ${projectMeetings.id} and p.department_id in (${sql.join(reach.departmentIds.map((d) => sql`${d}::uuid`), sql`, `)})))`;
}

/** What the public portal shows: published meetings. */
export const PUBLISHED_MEETINGS: SQL = sql`${projectMeetings.publishedAt} is not null`;

/** Files of a published meeting are public like its minutes; a cancelled meeting keeps its reason on the portal but not its files. */
export function isPublicFile(meeting: { publishedAt: Date | null; cancelledAt: Date | null }): boolean {
  return !!meeting.publishedAt && !meeting.cancelledAt;
}

/** A cancelled meeting is kept as it was: no edits, publication or files after it. */
export const cancelledError = () => new AppError('invalid_state', { reason: '会议已取消，不能再修改、发布、上传或删除材料。', reasonEn: 'The meeting is cancelled: it can no longer be changed or published, nor its materials uploaded or deleted.' });
