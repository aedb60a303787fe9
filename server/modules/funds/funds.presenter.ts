import { FUND_LINE_PURPOSE_NAMES, FUND_MOVEMENT_NAMES } from '../../../contracts/funds.js';
import { toIso } from '../../platform/db/sql.js';
import type { Lang } from '../../platform/errors/messages.js';
import { labelOf } from '../../platform/http/context.js';
import type { AllocationRow, FundLineRow, FundRow, MovementRow, Num } from './funds.queries.js';

const n = (v: Num) => Number(v);

export function presentFundRow(f: FundRow) {
  const reserved = n(f.reserved);
  const committed = n(f.committed);
  const paid = n(f.paid);
  return {
    id: f.id,
    year: f.year,
    name: f.name,
    totalFen: n(f.total_fen),
    linesBudgetFen: n(f.lines_budget_fen),
    reservedFen: reserved,
    committedFen: committed,
    paidFen: paid,
    availableFen: n(f.total_fen) - reserved - committed - paid,
    version: f.version,
  };
}

/** A line with the allocations shown on it; `whole`: the line's own figures, else the sum of those shares. */
export function presentFundLine(l: FundLineRow, mine: readonly AllocationRow[], whole: boolean, lang: Lang) {
  // A department sees its own shares; the line's figures are then the sum of those, not the city's.
  const figures = whole
    ? { budget: n(l.budget_fen), allocated: n(l.allocated_fen), reserved: n(l.reserved_fen), committed: n(l.committed_fen), paid: n(l.paid_fen) }
    : mine.reduce(
        (s, a) => ({ budget: s.budget + n(a.budget_fen), allocated: s.allocated + n(a.budget_fen), reserved: s.reserved + n(a.reserved_fen), committed: s.committed + n(a.committed_fen), paid: s.paid + n(a.paid_fen) }),
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
      lineId: a.line_id,
      departmentId: a.department_id,
      departmentName: a.department_name,
      budgetFen: n(a.budget_fen),
      reservedFen: n(a.reserved_fen),
      committedFen: n(a.committed_fen),
      paidFen: n(a.paid_fen),
      availableFen: n(a.budget_fen) - n(a.reserved_fen) - n(a.committed_fen) - n(a.paid_fen),
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
    amountFen: n(m.amount_fen),
    lineId: m.line_id,
    lineName: m.line_name,
    allocationId: m.allocation_id,
    departmentName: m.department_name,
    projectId: m.project_id,
    projectTitle: m.project_title,
    allocationAvailableAfterFen: n(m.allocation_available_after_fen),
    // A department sees its own balance, not what the line holds for every department.
    lineAvailableAfterFen: wholeLine ? n(m.line_available_after_fen) : null,
    note: m.note,
    actorName: m.actor_name,
    at: toIso(m.created_at)!,
  };
}
