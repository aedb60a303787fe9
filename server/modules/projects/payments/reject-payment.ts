import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { type ZPaymentReject } from '../../../../contracts/projects/payments.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { paymentRequests } from '../projects.tables.js';
import { projectFor } from '../project.policy.js';
import { outOfReach, paymentForUpdate, presentPayments } from './payment-records.js';

export async function rejectPayment(db: Db, ctx: RequestContext, paymentId: string, input: z.infer<typeof ZPaymentReject>) {
  return db.transaction(async (tx) => {
    const [ref] = await tx.select({ projectId: paymentRequests.projectId }).from(paymentRequests).where(eq(paymentRequests.id, paymentId));
    if (!ref) throw notFound('payment');
    const { c, office } = await projectFor(tx, ctx, ref.projectId, tx);
    if (!office) throw outOfReach();
    const pay = await paymentForUpdate(tx, paymentId);
    if (pay.version !== input.version) throw conflict(pay.version);
    if (pay.state !== 'requested') throw new AppError('invalid_state', { reason: '只有待审核的付款申请才能退回。', reasonEn: 'Only a payment request awaiting review can be rejected.' });
    await tx.update(paymentRequests).set({ state: 'rejected', rejectReason: input.reason, decidedBy: ctx.actor!.userId, version: pay.version + 1 }).where(eq(paymentRequests.id, paymentId));
    await appendAudit(tx, ctx, { action: 'project.rejectPayment', permission: 'project.manage', entityType: 'case', entityId: ref.projectId, detail: { paymentId, reason: input.reason } });
    const provider = await recipientsOf(tx, c, { kind: 'owner', task: '' });
    await notifyUsers(tx, provider, { kind: 'project.payment', title: `付款申请退回：${c.title}`, body: `付款申请被退回：${input.reason}`, link: `/projects/${ref.projectId}`, caseId: ref.projectId });
    return (await presentPayments(tx, ref.projectId, paymentId))[0];
  });
}
