import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZMeetingPatch } from '../../../../contracts/meetings.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { cancelledError, requireMeetingsManage } from '../meetings.policy.js';
import { agendaOf, lockMeeting } from '../meetings.queries.js';
import { projectMeetings } from '../meetings.tables.js';
import { getMeeting } from './get-meeting.js';
import { checkProjects, setAgenda } from './set-agenda.js';

/** Edits a meeting, writes its minutes, publishes or withdraws it. */
export async function updateMeeting(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZMeetingPatch>) {
  requireMeetingsManage(ctx.actor);
  return db.transaction(async (tx) => {
    const locked = await lockMeeting(tx, id);
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
