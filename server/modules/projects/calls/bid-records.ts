import { and, eq } from 'drizzle-orm';
import { formatYuan } from '../../../../contracts/money.js';
import { isOrgMember } from '../../../platform/access/policy.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { Tx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { Actor } from '../../../platform/http/context.js';
import { projectBids, serviceProjects } from '../projects.tables.js';

export type BidRow = typeof projectBids.$inferSelect;

/** What a bid's DTO shows: the bid without its eligibility snapshot and submitter. */
export const BID_FIELDS = {
  id: projectBids.id,
  projectId: projectBids.projectId,
  orgId: projectBids.orgId,
  state: projectBids.state,
  plan: projectBids.plan,
  budgetItems: projectBids.budgetItems,
  team: projectBids.team,
  totalFen: projectBids.totalFen,
  submittedAt: projectBids.submittedAt,
  updatedAt: projectBids.updatedAt,
  version: projectBids.version,
};

export function presentBid(b: Omit<BidRow, 'eligibility' | 'submittedBy'>, orgName: string) {
  return {
    id: b.id,
    projectId: b.projectId,
    orgId: b.orgId,
    orgName,
    state: b.state,
    plan: b.plan,
    budgetItems: b.budgetItems as { name: string; amountFen: number }[],
    team: b.team as { name: string; role: string; certified: boolean }[],
    totalFen: b.totalFen,
    submittedAt: toIso(b.submittedAt)!,
    updatedAt: toIso(b.updatedAt)!,
    version: b.version,
  };
}

/**
 * The project in its call, locked for share: a bid and the call's closing (which locks the case for
 * update) never interleave, so no bid slips in after the call has closed.
 */
export async function openCallOf(tx: Tx, projectId: string) {
  const [c] = await tx.select().from(cases).where(and(eq(cases.id, projectId), eq(cases.caseType, 'serviceProject'))).for('share');
  const [p] = c ? await tx.select().from(serviceProjects).where(eq(serviceProjects.caseId, projectId)) : [];
  if (!c || !p || !p.callPublishedAt) throw notFound('call');
  const today = todayInChina();
  if (c.state !== 'calling' || !p.callDeadline || p.callDeadline < today) {
    throw new AppError('invalid_state', { reason: `该项目的申报${p.callDeadline ? `已于 ${p.callDeadline} 截止` : '未开放'}，不能再提交或修改申报。`, reasonEn: p.callDeadline ? `Bids for this project closed on ${p.callDeadline}; a bid can no longer be submitted or changed.` : 'Bids for this project are not open; a bid cannot be submitted or changed.' }, undefined, { currentState: c.state });
  }
  return { c, p };
}

export function checkBudget(items: { amountFen: number }[], budgetFen: number): number {
  const total = items.reduce((n, i) => n + i.amountFen, 0);
  if (total > budgetFen) {
    throw new AppError('validation', {}, [{ path: 'budgetItems', message: `申报预算合计 ${formatYuan(total)} 元，超过项目预算 ${formatYuan(budgetFen)} 元`, messageEn: 'The bid exceeds the project budget' }]);
  }
  if (total === 0) throw new AppError('validation', {}, [{ path: 'budgetItems', message: '申报预算合计须大于 0', messageEn: 'The bid total must be above zero' }]);
  return total;
}

export async function ownBidForUpdate(tx: Tx, actor: Actor, bidId: string): Promise<BidRow> {
  const [b] = await tx.select().from(projectBids).where(eq(projectBids.id, bidId)).for('update');
  if (!b || !isOrgMember(actor, b.orgId)) throw new AppError('not_found', { entity: 'bid' }, undefined, b ? { denied: true } : undefined);
  return b;
}
