import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { cancelledError, requireMeetingsManage } from '../meetings.policy.js';
import { meetingCancellation } from '../meetings.queries.js';
import { meetingAttachments } from '../meetings.tables.js';
import { getMeeting } from './get-meeting.js';

/** Removes a wrongly uploaded file softly: the row stays with who removed it and when. */
export async function removeMeetingAttachment(db: Db, ctx: RequestContext, id: string, attachmentId: string) {
  requireMeetingsManage(ctx.actor);
  return db.transaction(async (tx) => {
    const m = await meetingCancellation(tx, id, { lock: true });
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
