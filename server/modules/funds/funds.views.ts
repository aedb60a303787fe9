import { eq, sql } from 'drizzle-orm';
import { pgView } from 'drizzle-orm/pg-core';
import { fundAllocations, fundLines, fundMovements, funds } from './funds.tables.js';

// What other modules may read of the funds (issue 14 §1: through the owner's read functions or views, never its
// tables). Each is one table or a join on primary keys, which the planner inlines; money still moves only through
// moveFunds. Exported from index.ts; modules/manifests.test.ts lets other modules name only exported views.

/** Each fund line with its fund's year and name. */
export const fundLineDirectory = pgView('fund_line_directory').as((qb) =>
  qb
    .select({
      id: fundLines.id,
      fundId: fundLines.fundId,
      code: fundLines.code,
      name: fundLines.name,
      fundYear: sql<number>`${funds.year}`.as('fund_year'),
      fundName: sql<string>`${funds.name}`.as('fund_name'),
    })
    .from(fundLines)
    .innerJoin(funds, eq(funds.id, fundLines.fundId)),
);

/** Each department's allocation in a line, with its buckets and the fund's year. */
export const fundAllocationBalances = pgView('fund_allocation_balances').as((qb) =>
  qb
    .select({
      id: fundAllocations.id,
      lineId: fundAllocations.lineId,
      departmentId: fundAllocations.departmentId,
      fundYear: sql<number>`${funds.year}`.as('fund_year'),
      budgetFen: fundAllocations.budgetFen,
      reservedFen: fundAllocations.reservedFen,
      committedFen: fundAllocations.committedFen,
      paidFen: fundAllocations.paidFen,
    })
    .from(fundAllocations)
    .innerJoin(fundLines, eq(fundLines.id, fundAllocations.lineId))
    .innerJoin(funds, eq(funds.id, fundLines.fundId)),
);

/** Every payment made to a project: the ledger's `pay` rows (the ledger is the only record of money). */
export const fundPayments = pgView('fund_payments').as((qb) =>
  qb
    .select({ id: fundMovements.id, seq: fundMovements.seq, projectId: fundMovements.projectId, amountFen: fundMovements.amountFen, createdAt: fundMovements.createdAt })
    .from(fundMovements)
    .where(eq(fundMovements.kind, 'pay')),
);
