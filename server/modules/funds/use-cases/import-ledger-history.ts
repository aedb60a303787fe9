import type { FundLinePurpose, FundMovementKind } from '../../../../contracts/funds.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { fundAllocations, fundLines, fundMovements, funds } from '../funds.tables.js';
import { available, deltas, type Buckets } from './move-funds.js';

/** A past year's fund as the archives record it: the fund, its lines, the departments' shares and the ledger in order. */
export interface LedgerHistory {
  fund: { id: string; cityId: string; year: number; name: string; totalFen: number };
  lines: { id: string; code: string; name: string; purpose: FundLinePurpose; budgetFen: number }[];
  /** Shares start empty: the ledger's `allocate` rows give them their budgets. */
  allocations: { id: string; lineId: string; departmentId: string }[];
  movements: { id: string; allocationId: string; kind: FundMovementKind; amountFen: number; projectId: string | null; note: string; at: Date }[];
  actorId: string | null;
}

const refuse = (zh: string, en: string): never => {
  throw new AppError('insufficient_funds', { reason: zh, reasonEn: en });
};

/**
 * Loads a closed year in bulk (the demo's ten years of history; a city bringing its paper ledger in) instead of
 * replaying each movement through moveFunds with its locks and audit rows. The buckets of every share and line
 * and the balances after each ledger row are worked out here with moveFunds' own deltas, so they equal the
 * ledger's sums, and a ledger that would overdraw a share or over-allocate a line is refused before anything is
 * written. The projects the ledger names must exist already (the ledger's foreign key).
 */
export async function importLedgerHistory(db: DbOrTx, h: LedgerHistory): Promise<void> {
  const lineOf = new Map(h.lines.map((l) => [l.id, { ...l, allocated: 0, reserved: 0, committed: 0, paid: 0 }]));
  const shares = new Map<string, Buckets & { lineId: string }>();
  for (const a of h.allocations) {
    if (!lineOf.has(a.lineId)) refuse(`额度 ${a.id} 所属科目不在本经费中。`, `Allocation ${a.id} names a line outside the fund.`);
    shares.set(a.id, { lineId: a.lineId, budget: 0, reserved: 0, committed: 0, paid: 0 });
  }
  const rows = h.movements.map((m) => {
    const share = shares.get(m.allocationId) ?? refuse(`流水 ${m.id} 所属额度不在本经费中。`, `Ledger row ${m.id} names an allocation outside the fund.`);
    const line = lineOf.get(share.lineId)!;
    const d = deltas(m.kind, m.amountFen);
    share.budget += d.budget;
    share.reserved += d.reserved;
    share.committed += d.committed;
    share.paid += d.paid;
    line.allocated += d.budget;
    line.reserved += d.reserved;
    line.committed += d.committed;
    line.paid += d.paid;
    if (available(share) < 0 || share.reserved < 0 || share.committed < 0) refuse(`${h.fund.year} 年流水 ${m.id} 使额度透支。`, `Ledger row ${m.id} of ${h.fund.year} overdraws its allocation.`);
    if (line.allocated > line.budgetFen) refuse(`${h.fund.year} 年“${line.name}”分配超过科目预算。`, `"${line.name}" of ${h.fund.year} is allocated beyond its budget.`);
    const lineAvailable = line.budgetFen - line.reserved - line.committed - line.paid;
    return {
      id: m.id,
      fundId: h.fund.id,
      lineId: share.lineId,
      allocationId: m.allocationId,
      projectId: m.projectId,
      caseId: m.projectId,
      kind: m.kind,
      amountFen: m.amountFen,
      allocationAvailableAfterFen: available(share),
      lineAvailableAfterFen: lineAvailable,
      note: m.note,
      actorId: h.actorId,
      createdAt: m.at,
    };
  });
  const linesBudgetFen = h.lines.reduce((s, l) => s + l.budgetFen, 0);
  if (linesBudgetFen > h.fund.totalFen) refuse(`${h.fund.year} 年各科目预算合计超过经费总额。`, `The lines of ${h.fund.year} add up to more than the fund.`);
  await db.insert(funds).values({ ...h.fund, linesBudgetFen });
  await db.insert(fundLines).values(
    [...lineOf.values()].map((l) => ({ id: l.id, fundId: h.fund.id, code: l.code, name: l.name, purpose: l.purpose, budgetFen: l.budgetFen, allocatedFen: l.allocated, reservedFen: l.reserved, committedFen: l.committed, paidFen: l.paid })),
  );
  if (shares.size) {
    await db.insert(fundAllocations).values(
      h.allocations.map((a) => {
        const s = shares.get(a.id)!;
        return { id: a.id, lineId: a.lineId, departmentId: a.departmentId, budgetFen: s.budget, reservedFen: s.reserved, committedFen: s.committed, paidFen: s.paid };
      }),
    );
  }
  // In order, so the ledger's sequence follows the archive's.
  for (let i = 0; i < rows.length; i += 200) await db.insert(fundMovements).values(rows.slice(i, i + 200));
}
