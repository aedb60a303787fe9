import { clockNow } from '../../../platform/clock.js';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import { type ZPayInput } from '../../../../contracts/projects/payments.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf, toIso } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { moveFunds } from '../../funds/index.js';
import { contractMilestones, paymentRequests } from '../projects.tables.js';
import { projectFor } from '../project.policy.js';
import { milestoneCondition } from './milestone-condition.js';
import { outOfReach, paymentForUpdate, presentPayments } from './payment-records.js';

/**
 * The office pays: only a requested payment, only once (the row is locked and its state checked), only if
 * the milestone's condition still holds, and only within what the project has committed — the ledger
 * movement refuses an overdraft. The voucher number is recorded and unique.
 */
export async function payPayment(db: Db, ctx: RequestContext, paymentId: string, input: z.infer<typeof ZPayInput>) {
  try {
    return await db.transaction(async (tx) => {
      const [ref] = await tx.select({ projectId: paymentRequests.projectId }).from(paymentRequests).where(eq(paymentRequests.id, paymentId));
      if (!ref) throw notFound('payment');
      const { c, p: project, office } = await projectFor(tx, ctx, ref.projectId, tx);
      if (!office) throw outOfReach();
      const pay = await paymentForUpdate(tx, paymentId);
      if (pay.state === 'paid') throw new AppError('invalid_state', { reason: `该笔款项已于 ${toIso(pay.paidAt)?.slice(0, 10)} 支付（凭证号 ${pay.voucherNo}），不能重复支付。`, reasonEn: `This payment was made on ${toIso(pay.paidAt)?.slice(0, 10)} (voucher ${pay.voucherNo}); it cannot be paid twice.` }, undefined, { currentVersion: pay.version });
      if (pay.state === 'rejected') throw new AppError('invalid_state', { reason: '该付款申请已退回。', reasonEn: 'This payment request has been rejected.' });
      if (pay.version !== input.version) throw conflict(pay.version);
      const [m] = await tx.select().from(contractMilestones).where(eq(contractMilestones.id, pay.milestoneId)).for('update');
      const cond = await milestoneCondition(tx, ref.projectId, m.condition);
      if (!cond.met) throw new AppError('invalid_state', { reason: `付款条件不满足：${cond.note}。`, reasonEn: `The payment condition is not met: ${cond.noteEn}.` });
      if (!project.allocationId) throw new Error(`project ${c.number} has no allocation`);
      const movement = await moveFunds(tx, ctx, { allocationId: project.allocationId, kind: 'pay', amountFen: pay.amountFen, projectId: ref.projectId, caseId: ref.projectId, note: `${m.name}（凭证 ${input.voucherNo}）` });
      const now = clockNow();
      await tx.update(paymentRequests).set({ state: 'paid', voucherNo: input.voucherNo, decidedBy: ctx.actor!.userId, paidAt: now, fundMovementId: movement.id, version: pay.version + 1 }).where(eq(paymentRequests.id, paymentId));
      await tx.update(contractMilestones).set({ acceptedAt: m.acceptedAt ?? now, paidAt: now, version: m.version + 1 }).where(eq(contractMilestones.id, m.id));
      await appendAudit(tx, ctx, { action: 'project.pay', permission: 'project.manage', entityType: 'case', entityId: ref.projectId, detail: { paymentId, milestone: m.name, amountFen: pay.amountFen, voucherNo: input.voucherNo, movementId: movement.id } });
      const provider = await recipientsOf(tx, c, { kind: 'owner', task: '' });
      await notifyUsers(tx, provider, { kind: 'project.paid', title: `已支付：${c.title}`, body: `“${m.name}”${formatYuan(pay.amountFen)} 元已支付，凭证号 ${input.voucherNo}。`, link: `/projects/${ref.projectId}`, caseId: ref.projectId });
      return (await presentPayments(tx, ref.projectId, paymentId))[0];
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'payment_requests_voucher_uq') throw new AppError('duplicate', { field: '支付凭证号', value: input.voucherNo });
    throw err;
  }
}
