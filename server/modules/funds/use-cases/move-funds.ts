import { and, eq, sql } from 'drizzle-orm';
import { formatYuan, type Fen } from '../../../../contracts/money.js';
import { FUND_MOVEMENT_NAMES, type FundMovementKind } from '../../../../contracts/funds.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { fundAllocations, fundLines, fundMovements, funds } from '../funds.tables.js';

/** What a project holds in each allocation it drew on, from the ledger (the only record of money). */
export interface Holding {
  allocationId: string;
  reservedFen: Fen;
  committedFen: Fen;
  paidFen: Fen;
}

/**
 * The three sums that turn ledger rows into buckets: every reader of project money uses them (fen, as numbers —
 * the database sums bigints into numerics, which come back as text).
 */
export const HOLDING_SUMS = {
  reserved: sql<number>`coalesce(sum(case ${fundMovements.kind} when 'reserve' then ${fundMovements.amountFen} when 'release' then -${fundMovements.amountFen} when 'commit' then -${fundMovements.amountFen} else 0 end), 0)`.mapWith(Number),
  committed: sql<number>`coalesce(sum(case ${fundMovements.kind} when 'commit' then ${fundMovements.amountFen} when 'decommit' then -${fundMovements.amountFen} when 'pay' then -${fundMovements.amountFen} else 0 end), 0)`.mapWith(Number),
  paid: sql<number>`coalesce(sum(case ${fundMovements.kind} when 'pay' then ${fundMovements.amountFen} else 0 end), 0)`.mapWith(Number),
};

export async function holdingsOf(tx: DbOrTx, projectId: string, allocationId?: string): Promise<Holding[]> {
  const found = await tx
    .select({ allocationId: fundMovements.allocationId, ...HOLDING_SUMS })
    .from(fundMovements)
    .where(and(eq(fundMovements.projectId, projectId), allocationId ? eq(fundMovements.allocationId, allocationId) : undefined))
    .groupBy(fundMovements.allocationId);
  return found.map((h) => ({ allocationId: h.allocationId, reservedFen: h.reserved, committedFen: h.committed, paidFen: h.paid }));
}

/** A project's money over all allocations. */
export async function projectMoney(tx: DbOrTx, projectId: string): Promise<Omit<Holding, 'allocationId'>> {
  const all = await holdingsOf(tx, projectId);
  return all.reduce((s, h) => ({ reservedFen: s.reservedFen + h.reservedFen, committedFen: s.committedFen + h.committedFen, paidFen: s.paidFen + h.paidFen }), { reservedFen: 0, committedFen: 0, paidFen: 0 });
}

export interface Movement {
  allocationId: string;
  kind: FundMovementKind;
  /** Fen; positive, except for `allocate`, where a negative amount shrinks the allocation. */
  amountFen: Fen;
  projectId?: string | null;
  caseId?: string | null;
  note?: string | null;
}

export interface MovementResult {
  id: string;
  seq: number;
  allocationAvailableAfterFen: Fen;
  lineAvailableAfterFen: Fen;
}

export type Buckets = { budget: number; reserved: number; committed: number; paid: number };
export const available = (b: Buckets) => b.budget - b.reserved - b.committed - b.paid;
const yuan = (fen: number) => `${formatYuan(fen)} 元`;

/** Which buckets a movement of `a` fen shifts, as deltas. */
export function deltas(kind: FundMovementKind, a: number): Buckets {
  switch (kind) {
    case 'allocate':
      return { budget: a, reserved: 0, committed: 0, paid: 0 };
    case 'reserve':
      return { budget: 0, reserved: a, committed: 0, paid: 0 };
    case 'release':
      return { budget: 0, reserved: -a, committed: 0, paid: 0 };
    case 'commit':
      return { budget: 0, reserved: -a, committed: a, paid: 0 };
    case 'decommit':
      return { budget: 0, reserved: 0, committed: -a, paid: 0 };
    case 'pay':
      return { budget: 0, reserved: 0, committed: -a, paid: a };
  }
}

function refuse(zh: string, en: string): never {
  throw new AppError('insufficient_funds', { reason: zh, reasonEn: en });
}

/**
 * The only way money moves: locks the line and then the allocation (always in that order, so two movers
 * never deadlock), checks the movement against the allocation, the line and — for a project — what that
 * project holds, updates the buckets, appends the ledger row with the balances after it, and audits it.
 * Runs in the caller's transaction, so a movement is part of the act that causes it (an approval, a
 * signature, a payment) and disappears with it if that act fails. The CHECK constraints on the tables
 * refuse the same overdrafts again, should a future caller get this wrong.
 */
export async function moveFunds(tx: Tx, ctx: RequestContext, m: Movement): Promise<MovementResult> {
  if (!Number.isSafeInteger(m.amountFen) || (m.kind !== 'allocate' && m.amountFen <= 0) || m.amountFen === 0) {
    throw new AppError('validation', {}, [{ path: 'amountFen', message: '金额须为大于 0 的整数分', messageEn: 'The amount must be a positive whole number of fen' }]);
  }
  const [ref] = await tx.select({ lineId: fundAllocations.lineId }).from(fundAllocations).where(eq(fundAllocations.id, m.allocationId));
  if (!ref) throw notFound('fundAllocation');
  const [line] = await tx.select().from(fundLines).where(eq(fundLines.id, ref.lineId)).for('update');
  const [alloc] = await tx.select().from(fundAllocations).where(eq(fundAllocations.id, m.allocationId)).for('update');
  const [dept] = await tx.select({ shortName: departments.shortName }).from(departments).where(eq(departments.id, alloc.departmentId));
  const who = `${dept?.shortName ?? '该部门'}在“${line.name}”中`;
  const whoEn = `the department's allocation in "${line.name}"`;

  const a = m.amountFen;
  const d = deltas(m.kind, a);
  const before: Buckets = { budget: alloc.budgetFen, reserved: alloc.reservedFen, committed: alloc.committedFen, paid: alloc.paidFen };
  const after: Buckets = { budget: before.budget + d.budget, reserved: before.reserved + d.reserved, committed: before.committed + d.committed, paid: before.paid + d.paid };

  // Checks in the words a finance clerk uses, before the database's constraints would say the same tersely.
  if (m.kind === 'allocate') {
    const unallocated = line.budgetFen - line.allocatedFen;
    if (a > unallocated) refuse(`“${line.name}”尚未分配的额度为 ${yuan(unallocated)}，不足以增加 ${yuan(a)}。`, `"${line.name}" has ${formatYuan(unallocated)} unallocated, less than the ${formatYuan(a)} asked for.`);
    if (available(after) < 0) refuse(`${who}已用（预留、合同、支付）${yuan(before.reserved + before.committed + before.paid)}，额度不能减至 ${yuan(after.budget)}。`, `${whoEn} has ${formatYuan(before.reserved + before.committed + before.paid)} in use; it cannot shrink to ${formatYuan(after.budget)}.`);
  }
  if (m.kind === 'reserve' && a > available(before)) refuse(`${who}可用额度为 ${yuan(available(before))}，不足以预留 ${yuan(a)}。`, `${whoEn} has ${formatYuan(available(before))} available, less than the ${formatYuan(a)} to reserve.`);
  if ((m.kind === 'release' || m.kind === 'commit') && a > before.reserved) refuse(`${who}已预留 ${yuan(before.reserved)}，不足 ${yuan(a)}。`, `${whoEn} has ${formatYuan(before.reserved)} reserved, less than ${formatYuan(a)}.`);
  if ((m.kind === 'pay' || m.kind === 'decommit') && a > before.committed) refuse(`${who}合同占用为 ${yuan(before.committed)}，不足 ${yuan(a)}。`, `${whoEn} has ${formatYuan(before.committed)} committed, less than ${formatYuan(a)}.`);

  if (m.projectId) {
    // A project may only give back or spend what it itself holds, not its neighbours' money.
    const [held] = await holdingsOf(tx, m.projectId, m.allocationId);
    const reserved = held?.reservedFen ?? 0;
    const committed = held?.committedFen ?? 0;
    if ((m.kind === 'release' || m.kind === 'commit') && a > reserved) refuse(`该项目预留经费为 ${yuan(reserved)}，不足 ${yuan(a)}。`, `The project has ${formatYuan(reserved)} reserved, less than ${formatYuan(a)}.`);
    if ((m.kind === 'pay' || m.kind === 'decommit') && a > committed) refuse(`该项目合同未付余额为 ${yuan(committed)}，不足 ${yuan(a)}。`, `The project has ${formatYuan(committed)} committed and unpaid, less than ${formatYuan(a)}.`);
  }

  const lineAfter: Buckets = { budget: line.budgetFen, reserved: line.reservedFen + d.reserved, committed: line.committedFen + d.committed, paid: line.paidFen + d.paid };
  await tx
    .update(fundAllocations)
    .set({ budgetFen: after.budget, reservedFen: after.reserved, committedFen: after.committed, paidFen: after.paid, version: alloc.version + 1 })
    .where(eq(fundAllocations.id, alloc.id));
  await tx
    .update(fundLines)
    .set({ allocatedFen: line.allocatedFen + d.budget, reservedFen: lineAfter.reserved, committedFen: lineAfter.committed, paidFen: lineAfter.paid, version: line.version + 1 })
    .where(eq(fundLines.id, line.id));
  const [row] = await tx
    .insert(fundMovements)
    .values({
      fundId: line.fundId,
      lineId: line.id,
      allocationId: alloc.id,
      projectId: m.projectId ?? null,
      caseId: m.caseId ?? null,
      kind: m.kind,
      amountFen: a,
      allocationAvailableAfterFen: available(after),
      lineAvailableAfterFen: available(lineAfter),
      note: m.note ?? null,
      actorId: ctx.actor?.userId ?? null,
    })
    .returning({ id: fundMovements.id, seq: fundMovements.seq });
  await appendAudit(tx, ctx, {
    action: 'fund.move',
    permission: m.kind === 'allocate' ? 'fund.manage' : undefined,
    entityType: 'fundAllocation',
    entityId: alloc.id,
    detail: { movementId: row.id, kind: m.kind, kindName: FUND_MOVEMENT_NAMES[m.kind].zh, amountFen: a, projectId: m.projectId ?? null, caseId: m.caseId ?? null, availableAfterFen: available(after) },
  });
  return { id: row.id, seq: row.seq, allocationAvailableAfterFen: available(after), lineAvailableAfterFen: available(lineAfter) };
}

/** Keeps the fund's sum of line budgets in step when a line is added or resized; the CHECK caps it at the total. */
export async function resizeLines(tx: Tx, fundId: string, deltaFen: number): Promise<void> {
  const [fund] = await tx.select().from(funds).where(eq(funds.id, fundId)).for('update');
  if (!fund) throw notFound('fund');
  const next = fund.linesBudgetFen + deltaFen;
  if (next > fund.totalFen) {
    refuse(`各科目预算合计将达 ${yuan(next)}，超过经费总额 ${yuan(fund.totalFen)}。`, `The lines would add up to ${formatYuan(next)}, more than the fund's ${formatYuan(fund.totalFen)}.`);
  }
  await tx.update(funds).set({ linesBudgetFen: next, version: fund.version + 1 }).where(eq(funds.id, fundId));
}
