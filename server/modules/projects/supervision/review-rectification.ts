import { clockNow } from '../../../platform/clock.js';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZRectificationReview } from '../../../../contracts/projects/supervision.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { rectifications } from '../projects.tables.js';
import { mayProjectSupervise, projectFor } from '../project.policy.js';
import { listVisits, rectificationForUpdate } from './supervision.shared.js';

/** The supervisor closes the item, or sends it back with a comment. */
export async function reviewRectification(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZRectificationReview>) {
  return db.transaction(async (tx) => {
    const [ref] = await tx.select({ projectId: rectifications.projectId }).from(rectifications).where(eq(rectifications.id, id));
    if (!ref) throw notFound('rectification');
    const access = await projectFor(tx, ctx, ref.projectId, tx);
    const { c } = access;
    if (!mayProjectSupervise(access)) throw new AppError('forbidden', {}, undefined, { denied: true });
    const r = await rectificationForUpdate(tx, id);
    if (r.version !== input.version) throw conflict(r.version);
    if (r.state !== 'submitted') throw new AppError('invalid_state', { reason: '只有已提交整改情况的事项才能审核。', reasonEn: 'Only a rectification that has been reported can be reviewed.' });
    if (!input.accept && !input.comment) throw new AppError('validation', {}, [{ path: 'comment', message: '退回整改时请说明原因', messageEn: 'Say why it is sent back' }]);
    await tx
      .update(rectifications)
      .set(input.accept ? { state: 'closed', reviewComment: input.comment ?? null, closedBy: ctx.actor!.userId, closedAt: clockNow(), version: r.version + 1 } : { state: 'open', reviewComment: input.comment!, version: r.version + 1 })
      .where(eq(rectifications.id, id));
    await appendAudit(tx, ctx, { action: 'project.reviewRectification', permission: 'project.supervise', entityType: 'case', entityId: ref.projectId, detail: { rectificationId: id, accept: input.accept } });
    const provider = await recipientsOf(tx, c, { kind: 'owner', task: '' });
    await notifyUsers(tx, provider, { kind: 'project.rectification', title: input.accept ? `整改已销号：${c.title}` : `整改被退回：${c.title}`, body: input.accept ? `整改事项“${r.item}”已通过审核。` : `整改事项“${r.item}”未通过：${input.comment}`, link: `/projects/${ref.projectId}`, caseId: ref.projectId });
    return (await listVisits(tx, ctx, ref.projectId)).flatMap((v) => v.rectifications).find((x) => x.id === id)!;
  });
}
