import { clockNow } from '../../../platform/clock.js';
import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import { MILESTONE_CONDITION_NAMES, type MilestoneCondition } from '../../../../contracts/projects/delivery.js';
import { type ZPayInput, type ZPaymentReject, type ZPaymentRequestInput } from '../../../../contracts/projects/payments.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { pgErrorOf, toIso } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { moveFunds } from '../../funds/index.js';
import { contractMilestones, paymentRequests, projectEvaluations, rectifications, supervisionVisits } from '../projects.tables.js';
import { projectFor, requireState, PAYMENT_REQUEST_STATES } from '../project.policy.js';

/**
 * Whether a milestone's condition holds now: the contract is signed; the mid-term supervision passed (or
 * all its rectifications are closed); the final evaluation is done with a grade above fail.
 */
export async function milestoneCondition(db: DbOrTx, projectId: string, condition: MilestoneCondition): Promise<{ met: boolean; note: string; noteEn: string }> {
  switch (condition) {
    case 'signing':
      return { met: true, note: '合同已签订', noteEn: 'the contract is signed' };
    case 'midtermSupervision': {
      // Each mid-term visit with the rectification items it still has open.
      const visits = await db
        .select({ result: supervisionVisits.result, unclosed: count(rectifications.id) })
        .from(supervisionVisits)
        .leftJoin(rectifications, and(eq(rectifications.visitId, supervisionVisits.id), ne(rectifications.state, 'closed')))
        .where(and(eq(supervisionVisits.projectId, projectId), eq(supervisionVisits.kind, 'midterm')))
        .groupBy(supervisionVisits.id);
      if (visits.some((v) => v.result === 'pass' || (v.result === 'rectify' && v.unclosed === 0))) return { met: true, note: '中期督导已通过', noteEn: 'the mid-term supervision has passed' };
      if (visits.some((v) => v.result === 'rectify' && v.unclosed > 0)) return { met: false, note: '中期督导整改事项尚未全部销号', noteEn: 'not all rectifications from the mid-term supervision are closed' };
      return { met: false, note: '尚未开展中期督导或中期督导未通过', noteEn: 'no mid-term supervision yet, or it did not pass' };
    }
    case 'finalEvaluation': {
      const [e] = await db.select({ grade: projectEvaluations.grade }).from(projectEvaluations).where(eq(projectEvaluations.projectId, projectId));
      if (!e) return { met: false, note: '尚未完成终期评估', noteEn: 'the final evaluation is not done yet' };
      if (e.grade === 'fail') return { met: false, note: '终期评估不合格，尾款不予支付', noteEn: 'the final evaluation failed, so the final payment is withheld' };
      return { met: true, note: '终期评估已完成', noteEn: 'the final evaluation is done' };
    }
  }
}

async function presentPayments(db: DbOrTx, projectId: string, only?: string) {
  const found = await db
    .select({
      id: paymentRequests.id,
      projectId: paymentRequests.projectId,
      milestoneId: paymentRequests.milestoneId,
      milestoneName: contractMilestones.name,
      condition: contractMilestones.condition,
      amountFen: paymentRequests.amountFen,
      state: paymentRequests.state,
      voucherNo: paymentRequests.voucherNo,
      requestedByName: users.displayName,
      requestedAt: paymentRequests.requestedAt,
      paidAt: paymentRequests.paidAt,
      rejectReason: paymentRequests.rejectReason,
      version: paymentRequests.version,
    })
    .from(paymentRequests)
    .innerJoin(contractMilestones, eq(contractMilestones.id, paymentRequests.milestoneId))
    .innerJoin(users, eq(users.id, paymentRequests.requestedBy))
    .where(and(eq(paymentRequests.projectId, projectId), only ? eq(paymentRequests.id, only) : undefined))
    .orderBy(asc(contractMilestones.seq), asc(paymentRequests.requestedAt));
  const out = [];
  for (const p of found) {
    const cond = await milestoneCondition(db, projectId, p.condition);
    out.push({
      id: p.id,
      projectId: p.projectId,
      milestoneId: p.milestoneId,
      milestoneName: p.milestoneName,
      amountFen: p.amountFen,
      state: p.state,
      voucherNo: p.voucherNo,
      requestedByName: p.requestedByName,
      requestedAt: toIso(p.requestedAt)!,
      paidAt: toIso(p.paidAt),
      rejectReason: p.rejectReason,
      conditionMet: cond.met,
      conditionNote: cond.note,
      version: p.version,
    });
  }
  return out;
}

export async function listPayments(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await projectFor(db, ctx, projectId);
  return presentPayments(db, projectId);
}

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

async function paymentForUpdate(tx: Tx, id: string) {
  const [p] = await tx.select().from(paymentRequests).where(eq(paymentRequests.id, id)).for('update');
  if (!p) throw notFound('payment');
  return p;
}

/**
 * The office pays: only a requested payment, only once (the row is locked and its state checked), only if
 * the milestone's condition still holds, and only within what the project has committed — the ledger
 * movement refuses an overdraft. The voucher number is recorded and unique.
 */
/**
 * The caller holds the office's permission (the route's gate) but not over this project: answered as a missing
 * payment, so that a grant elsewhere confirms nothing about it.
 */
const outOfReach = () => new AppError('not_found', { entity: 'payment' }, undefined, { denied: true });

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
