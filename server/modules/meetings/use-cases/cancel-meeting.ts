import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { MEETING_KIND_NAMES, type ZMeetingCancel } from '../../../../contracts/meetings.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { requireMeetingsManage } from '../meetings.policy.js';
import { agendaOf, lockMeeting, selectProviders } from '../meetings.queries.js';
import { projectMeetings } from '../meetings.tables.js';
import { getMeeting } from './get-meeting.js';

/** Cancels a meeting without deleting it; the providers on its agenda are told, like when it was scheduled. */
export async function cancelMeeting(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZMeetingCancel>) {
  requireMeetingsManage(ctx.actor);
  return db.transaction(async (tx) => {
    const before = await lockMeeting(tx, id);
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
      const providers = await selectProviders(tx, agenda);
      for (const p of providers) {
        await notifyUsers(tx, [p.userId], { kind: 'meeting', title: `会议取消：${before.title}`, body: `${MEETING_KIND_NAMES[before.kind].zh}“${before.title}”已取消。原因：${input.reason}`, link: `/projects/${p.caseId}`, caseId: p.caseId });
      }
    }
    return getMeeting(tx, ctx, id);
  });
}
