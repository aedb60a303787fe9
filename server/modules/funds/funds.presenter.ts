import { FUND_LINE_PURPOSE_NAMES, FUND_MOVEMENT_NAMES } from '../../../contracts/funds.js';
import { toIso } from '../../platform/db/sql.js';
import type { Lang } from '../../platform/errors/messages.js';
import { labelOf } from '../../platform/http/context.js';
import type { AllocationRow, FundLineRow, FundRow, MovementRow } from './funds.queries.js';

const n = (v: number | string) => Number(v);

export function presentFundRow(f: FundRow) {
  const reserved = n(f.reserved);
  const committed = n(f.committed);
  const paid = n(f.paid);
  return {
    id: f.id,
    cityId: f.cityId,
    year: f.year,
    name: f.name,
    scope: f.whole ? ('city' as const) : ('department' as const),
    totalFen: n(f.totalFen),
    linesBudgetFen: n(f.linesBudgetFen),
    reservedFen: reserved,
    committedFen: committed,
    paidFen: paid,
    availableFen: n(f.totalFen) - reserved - committed - paid,
    version: f.version,
  };
}

/** A line with the allocations shown on it; `whole`: the line's own figures, else the sum of those shares. */
export function presentFundLine(l: FundLineRow, mine: readonly AllocationRow[], whole: boolean, lang: Lang) {
  // A department sees its own shares; the line's figures are then the sum of those, not the city's.
  const figures = whole
    ? { budget: n(l.budgetFen), allocated: n(l.allocatedFen), reserved: n(l.reservedFen), committed: n(l.committedFen), paid: n(l.paidFen) }
    : mine.reduce(
        (s, a) => ({ budget: s.budget + n(a.budgetFen), allocated: s.allocated + n(a.budgetFen), reserved: s.reserved + n(a.reservedFen), committed: s.committed + n(a.committedFen), paid: s.paid + n(a.paidFen) }),
        { budget: 0, allocated: 0, reserved: 0, committed: 0, paid: 0 },
      );
  return {
    id: l.id,
    code: l.code,
    name: l.name,
    purpose: l.purpose,
    purposeName: labelOf(FUND_LINE_PURPOSE_NAMES[l.purpose], lang),
    budgetFen: figures.budget,
    allocatedFen: figures.allocated,
    unallocatedFen: figures.budget - figures.allocated,
    reservedFen: figures.reserved,
    committedFen: figures.committed,
    paidFen: figures.paid,
    availableFen: figures.budget - figures.reserved - figures.committed - figures.paid,
    version: l.version,
    allocations: mine.map((a) => ({
      id: a.id,
      lineId: a.lineId,
      departmentId: a.departmentId,
      departmentName: a.departmentName,
      budgetFen: n(a.budgetFen),
      reservedFen: n(a.reservedFen),
      committedFen: n(a.committedFen),
      paidFen: n(a.paidFen),
      availableFen: n(a.budgetFen) - n(a.reservedFen) - n(a.committedFen) - n(a.paidFen),
      version: a.version,
    })),
  };
}

/** A ledger row; `wholeLine`: the line's balance after it is shown too. */
export function presentMovement(m: MovementRow, wholeLine: boolean, lang: Lang) {
  return {
    id: m.id,
    seq: n(m.seq),
    kind: m.kind,
    kindName: labelOf(FUND_MOVEMENT_NAMES[m.kind], lang),
    amountFen: n(m.amountFen),
    lineId: m.lineId,
    lineName: m.lineName,
    allocationId: m.allocationId,
    departmentName: m.departmentName,
    projectId: m.projectId,
    projectTitle: m.projectTitle,
    allocationAvailableAfterFen: n(m.allocationAvailableAfterFen),
    // A department sees its own balance, not what the line holds for every department.
    lineAvailableAfterFen: wholeLine ? n(m.lineAvailableAfterFen) : null,
    note: m.note,
    actorName: m.actorName,
    at: toIso(m.createdAt)!,
  };
}
