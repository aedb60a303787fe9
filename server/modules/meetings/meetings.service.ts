import { clockNow } from '../../platform/clock.js';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../contracts/common.js';
import { MEETING_KIND_NAMES, type MeetingKind, type ZMeetingCancel, type ZMeetingInput, type ZMeetingPatch, type ZMeetingQuery } from '../../../contracts/meetings.js';
import { departmentReach, requirePermission } from '../../platform/access/policy.js';
import { appendAudit, diff } from '../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { rows, toIso } from '../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import { readCursor } from '../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../platform/http/paging.js';
import { notifyUsers } from '../../platform/notify/notify.js';
import { AGENDA } from './meetings-of-projects.js';
import { meetingAttachments, projectMeetingProjects, projectMeetings } from './meetings.tables.js';

interface MeetingRow {
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

async function present(db: DbOrTx, list: MeetingRow[], lang: 'zh' | 'en') {
  if (!list.length) return [];
  const ids = [...new Set(list.flatMap((m) => m.project_ids))];
  const projects = ids.length ? await rows<{ id: string; number: string; title: string }>(db, sql`select id, number, title from cases where id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`) : [];
  const files = await rows<{ meeting_id: string; id: string; name: string; mime: string; size: number }>(
    db,
    sql`select a.meeting_id, a.id, f.original_name as name, f.mime, f.size::int as size from meeting_attachments a join files f on f.id = a.file_id
        where a.removed_at is null and a.meeting_id in (${sql.join(list.map((m) => sql`${m.id}::uuid`), sql`, `)}) order by a.created_at`,
  );
  return list.map((m) => ({
    id: m.id,
    kind: m.kind,
    kindName: MEETING_KIND_NAMES[m.kind][lang],
    title: m.title,
    startsAt: toIso(m.starts_at)!,
    place: m.place,
    projects: m.project_ids.map((id) => projects.find((p) => p.id === id)).filter((p): p is { id: string; number: string; title: string } => !!p),
    attendees: m.attendees,
    minutes: m.minutes,
    attachments: files.filter((f) => f.meeting_id === m.id).map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size })),
    publishedAt: toIso(m.published_at),
    cancelledAt: toIso(m.cancelled_at),
    cancelReason: m.cancel_reason,
    version: m.version,
  }));
}

const SELECT = sql`select id, kind, title, starts_at, ${timestampKey(sql`starts_at`)} as starts_key, place, ${AGENDA} as project_ids, attendees, minutes, published_at, cancelled_at, cancel_reason, version from project_meetings`;

function filters(input: z.infer<typeof ZMeetingQuery>, extra: SQL[] = []): SQL {
  const where = [...extra];
  // The year in China time, as people read a meeting date.
  if (input.year) where.push(sql`extract(year from starts_at at time zone 'Asia/Shanghai') = ${input.year}`);
  if (input.kind) where.push(sql`kind = ${input.kind}`);
  if (input.projectId) where.push(sql`exists (select 1 from project_meeting_projects a where a.meeting_id = project_meetings.id and a.project_id = ${input.projectId})`);
  return where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
}

/** One keyset page of meetings in start order (`asc` for the calendar, `desc` for the portal), the id breaking ties. */
async function pageOfMeetings(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZMeetingQuery>, direction: 'asc' | 'desc', scope: SQL) {
  const after = readCursor(input.cursor, z.tuple([cursorPart.timestamp, cursorPart.uuid]));
  const where = [scope];
  const keyset = keysetAfter(direction, [sql`starts_at`, sql`id`], after && [sql`${after[0]}::timestamptz`, sql`${after[1]}::uuid`]);
  if (keyset) where.push(keyset);
  const order = direction === 'asc' ? sql`starts_at, id` : sql`starts_at desc, id desc`;
  const found = await rows<MeetingRow>(db, sql`${SELECT} ${filters(input, where)} order by ${order} limit ${input.limit + 1}`);
  const { items, nextCursor } = keysetPage(found, input.limit, (m) => [m.starts_key, m.id]);
  return { items: await present(db, items, ctx.lang), nextCursor };
}

/** The meetings calendar for staff (office, departments, auditors), in start order, in keyset pages. */
export async function listMeetings(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZMeetingQuery>) {
  requirePermission(ctx.actor, 'project.read');
  return pageOfMeetings(db, ctx, input, 'asc', departmentFilter(ctx));
}

/** A department sees the meetings about its own projects (and every published one); the office sees all. */
function departmentFilter(ctx: RequestContext): SQL {
  const reach = departmentReach(ctx.actor, 'project.read');
  if (reach.all) return sql`true`;
  if (!reach.departmentIds.length) return sql`published_at is not null`;
  return sql`(published_at is not null or exists (select 1 from project_meeting_projects a join project_directory p on p.id = a.project_id where a.meeting_id = project_meetings.id and p.department_id in (${sql.join(reach.departmentIds.map((d) => sql`${d}::uuid`), sql`, `)})))`;
}

/** Published meetings, for the public portal: the latest first, in keyset pages. */
export async function listPublicMeetings(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZMeetingQuery>) {
  return pageOfMeetings(db, ctx, input, 'desc', sql`published_at is not null`);
}

export async function getMeeting(db: DbOrTx, ctx: RequestContext, id: string, publicOnly = false) {
  if (!publicOnly) requirePermission(ctx.actor, 'project.read');
  const [m] = await rows<MeetingRow>(db, sql`${SELECT} where id = ${id} and ${publicOnly ? sql`published_at is not null` : departmentFilter(ctx)}`);
  if (!m) throw notFound('meeting');
  return (await present(db, [m], ctx.lang))[0];
}

/** The ids of a meeting's agenda (for the audit's before and after), in one order. */
async function agendaOf(tx: DbOrTx, meetingId: string): Promise<string[]> {
  const found = await tx.select({ projectId: projectMeetingProjects.projectId }).from(projectMeetingProjects).where(eq(projectMeetingProjects.meetingId, meetingId)).orderBy(asc(projectMeetingProjects.projectId));
  return found.map((a) => a.projectId);
}

/** Replaces a meeting's agenda with these projects (checked by checkProjects). */
async function setAgenda(tx: DbOrTx, meetingId: string, projectIds: readonly string[]): Promise<void> {
  await tx.delete(projectMeetingProjects).where(eq(projectMeetingProjects.meetingId, meetingId));
  const distinct = [...new Set(projectIds)];
  if (distinct.length) await tx.insert(projectMeetingProjects).values(distinct.map((projectId) => ({ meetingId, projectId })));
}

async function checkProjects(tx: DbOrTx, ids: string[]) {
  const found = await rows<{ id: string }>(tx, sql`select id from cases where case_type = 'serviceProject' and id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
  if (found.length !== new Set(ids).size) throw new AppError('validation', {}, [{ path: 'projectIds', message: '所选项目不存在', messageEn: 'Unknown project' }]);
}

export async function createMeeting(db: Db, ctx: RequestContext, input: z.infer<typeof ZMeetingInput>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    await checkProjects(tx, input.projectIds);
    const [m] = await tx
      .insert(projectMeetings)
      .values({ kind: input.kind, title: input.title, startsAt: new Date(input.startsAt), place: input.place, attendees: input.attendees, createdBy: ctx.actor!.userId })
      .returning();
    await setAgenda(tx, m.id, input.projectIds);
    await appendAudit(tx, ctx, { action: 'meeting.create', permission: 'project.manage', entityType: 'meeting', entityId: m.id, detail: { kind: input.kind, title: input.title, startsAt: input.startsAt, projects: input.projectIds.length } });
    // The providers of the projects on the agenda are told when and where, with a link to their own project.
    const providers = await rows<{ user_id: string; case_id: string; title: string }>(
      tx,
      sql`select distinct g.user_id, c.id as case_id, c.title from cases c join role_grants g on g.org_id = c.org_id and g.role = 'orgMember' where c.id in (${sql.join(input.projectIds.map((i) => sql`${i}::uuid`), sql`, `)})`,
    );
    for (const p of providers) {
      await notifyUsers(tx, [p.user_id], {
        kind: 'meeting',
        title: `会议通知：${input.title}`,
        body: `${MEETING_KIND_NAMES[input.kind].zh}定于 ${input.startsAt.slice(0, 16).replace('T', ' ')} 在${input.place}召开，您承接的项目“${p.title}”在议程中。`,
        link: `/projects/${p.case_id}`,
        caseId: p.case_id,
      });
    }
    return getMeeting(tx, ctx, m.id);
  });
}

export async function updateMeeting(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZMeetingPatch>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(projectMeetings).where(eq(projectMeetings.id, id)).for('update');
    if (!locked) throw notFound('meeting');
    const before = { ...locked, projectIds: await agendaOf(tx, id) };
    if (before.cancelledAt) throw cancelledError();
    if (before.version !== input.version) throw conflict(before.version);
    if (input.projectIds) {
      await checkProjects(tx, input.projectIds);
      await setAgenda(tx, id, input.projectIds);
    }
    const publishedAt = input.published === undefined ? before.publishedAt : input.published ? (before.publishedAt ?? clockNow()) : null;
    if (input.published && !(input.minutes ?? before.minutes)) throw new AppError('validation', {}, [{ path: 'minutes', message: '请先填写会议纪要再发布', messageEn: 'Write the minutes before publishing' }]);
    const [updated] = await tx
      .update(projectMeetings)
      .set({
        title: input.title ?? before.title,
        startsAt: input.startsAt ? new Date(input.startsAt) : before.startsAt,
        place: input.place ?? before.place,
        attendees: input.attendees ?? before.attendees,
        minutes: input.minutes ?? before.minutes,
        publishedAt,
        version: before.version + 1,
      })
      .where(eq(projectMeetings.id, id))
      .returning();
    const after = { ...updated, projectIds: input.projectIds ? await agendaOf(tx, id) : before.projectIds };
    await appendAudit(tx, ctx, { action: 'meeting.update', permission: 'project.manage', entityType: 'meeting', entityId: id, changes: diff(before, after, ['title', 'startsAt', 'place', 'projectIds', 'attendees', 'minutes', 'publishedAt']) });
    return getMeeting(tx, ctx, id);
  });
}

/** A cancelled meeting is kept as it was: no edits, publication or files after it. */
export const cancelledError = () => new AppError('invalid_state', { reason: '会议已取消，不能再修改、发布、上传或删除材料。', reasonEn: 'The meeting is cancelled: it can no longer be changed or published, nor its materials uploaded or deleted.' });

/** Cancels a meeting without deleting it; the providers on its agenda are told, like when it was scheduled. */
export async function cancelMeeting(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZMeetingCancel>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(projectMeetings).where(eq(projectMeetings.id, id)).for('update');
    if (!before) throw notFound('meeting');
    if (before.cancelledAt) throw new AppError('invalid_state', { reason: '这次会议已经取消，不能重复取消。', reasonEn: 'This meeting is already cancelled.' });
    if (before.version !== input.version) throw conflict(before.version);
    const [after] = await tx
      .update(projectMeetings)
      .set({ cancelledAt: clockNow(), cancelledBy: ctx.actor!.userId, cancelReason: input.reason, version: before.version + 1 })
      .where(eq(projectMeetings.id, id))
      .returning();
    await appendAudit(tx, ctx, { action: 'meeting.cancel', permission: 'project.manage', entityType: 'meeting', entityId: id, changes: diff(before, after, ['cancelledAt', 'cancelReason']), detail: { reason: input.reason } });
    const agenda = await agendaOf(tx, id);
    if (agenda.length) {
      const providers = await rows<{ user_id: string; case_id: string; title: string }>(
        tx,
        sql`select distinct g.user_id, c.id as case_id, c.title from cases c join role_grants g on g.org_id = c.org_id and g.role = 'orgMember' where c.id in (${sql.join(agenda.map((i) => sql`${i}::uuid`), sql`, `)})`,
      );
      for (const p of providers) {
        await notifyUsers(tx, [p.user_id], { kind: 'meeting', title: `会议取消：${before.title}`, body: `${MEETING_KIND_NAMES[before.kind].zh}“${before.title}”已取消。原因：${input.reason}`, link: `/projects/${p.case_id}`, caseId: p.case_id });
      }
    }
    return getMeeting(tx, ctx, id);
  });
}

/** Removes a wrongly uploaded file softly: the row stays with who removed it and when. */
export async function removeMeetingAttachment(db: Db, ctx: RequestContext, id: string, attachmentId: string) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [m] = await tx.select({ id: projectMeetings.id, cancelledAt: projectMeetings.cancelledAt }).from(projectMeetings).where(eq(projectMeetings.id, id)).for('update');
    if (!m) throw notFound('meeting');
    if (m.cancelledAt) throw cancelledError();
    const [removed] = await tx
      .update(meetingAttachments)
      .set({ removedAt: clockNow(), removedBy: ctx.actor!.userId })
      .where(and(eq(meetingAttachments.id, attachmentId), eq(meetingAttachments.meetingId, id), isNull(meetingAttachments.removedAt)))
      .returning({ fileId: meetingAttachments.fileId });
    if (!removed) throw notFound('file');
    await appendAudit(tx, ctx, { action: 'meeting.detach', permission: 'project.manage', entityType: 'meeting', entityId: id, detail: { attachmentId, fileId: removed.fileId } });
    return getMeeting(tx, ctx, id);
  });
}
