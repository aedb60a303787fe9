import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { contractMilestones, paymentRequests } from '../projects.tables.js';
import { milestoneCondition } from './milestone-condition.js';

export async function presentPayments(db: DbOrTx, projectId: string, only?: string) {
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

export async function paymentForUpdate(tx: Tx, id: string) {
  const [p] = await tx.select().from(paymentRequests).where(eq(paymentRequests.id, id)).for('update');
  if (!p) throw notFound('payment');
  return p;
}

/**
 * The caller holds the office's permission (the route's gate) but not over this project: answered as a missing
 * payment, so that a grant elsewhere confirms nothing about it.
 */
export const outOfReach = () => new AppError('not_found', { entity: 'payment' }, undefined, { denied: true });
