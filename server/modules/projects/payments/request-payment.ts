import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import { MILESTONE_CONDITION_NAMES } from '../../../../contracts/projects/delivery.js';
import { type ZPaymentRequestInput } from '../../../../contracts/projects/payments.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { contractMilestones, paymentRequests } from '../projects.tables.js';
import { projectFor, requireState, PAYMENT_REQUEST_STATES } from '../project.policy.js';
import { milestoneCondition } from './milestone-condition.js';
import { presentPayments } from './payment-records.js';

/** The provider asks for the payment of a milestone whose condition holds; one live request per milestone. */
export async function requestPayment(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZPaymentRequestInput>) {
  try {
    return await db.transaction(async (tx) => {
      const { c, provider } = await projectFor(tx, ctx, projectId, tx);
      if (!provider) throw new AppError('forbidden', {}, undefined, { denied: true });
      requireState(c, PAYMENT_REQUEST_STATES, '项目不在实施至结项阶段，不能申请付款。', 'Payment can be requested only from implementation to closing.');
      const [m] = await tx.select().from(contractMilestones).where(eq(contractMilestones.id, input.milestoneId));
      if (!m || m.projectId !== projectId) throw notFound('milestone');
      if (m.paidAt) throw new AppError('invalid_state', { reason: `付款节点“${m.name}”已支付。`, reasonEn: `The milestone "${m.name}" has already been paid.` });
      const cond = await milestoneCondition(tx, projectId, m.condition);
      if (!cond.met) throw new AppError('invalid_state', { reason: `付款节点“${m.name}”的条件（${MILESTONE_CONDITION_NAMES[m.condition].zh}）尚未满足：${cond.note}。`, reasonEn: `The condition of the milestone "${m.name}" (${MILESTONE_CONDITION_NAMES[m.condition].en}) is not met yet: ${cond.noteEn}.` });
      const [p] = await tx.insert(paymentRequests).values({ projectId, milestoneId: m.id, amountFen: m.amountFen, note: input.note ?? null, requestedBy: ctx.actor!.userId }).returning();
      await appendAudit(tx, ctx, { action: 'project.requestPayment', permission: 'project.deliver', entityType: 'case', entityId: projectId, detail: { paymentId: p.id, milestone: m.name, amountFen: m.amountFen } });
      const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'project.manage', task: '' });
      await notifyUsers(tx, office, { kind: 'project.payment', title: `付款申请：${c.title}`, body: `承接方申请支付“${m.name}”${formatYuan(m.amountFen)} 元，请审核支付。`, link: `/projects/${projectId}`, caseId: projectId });
      return (await presentPayments(tx, projectId, p.id))[0];
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'payment_requests_live_uq') throw new AppError('duplicate', { field: '该付款节点的付款申请', value: '已提交' });
    throw err;
  }
}
