import { inArray, sql, type SQL } from 'drizzle-orm';
import { departmentReach, requirePermission, type DepartmentReach } from '../../platform/access/policy.js';
import type { Actor } from '../../platform/http/context.js';
import { fundAllocations } from './funds.tables.js';

/*
 * Money is the city's and is shared out to departments (allocations). A department sees the funds it has a share
 * in, and of them only its own shares: the fund's and each line's figures are then the sums of those shares, and
 * the ledger shows its own balance, not the line's. The office and auditors see everything.
 */

/** Reading funds, their lines, ledger and flows. */
export function requireFundsRead(actor: Actor | null): Actor {
  return requirePermission(actor, 'fund.read');
}

/** Setting up funds, changing lines, giving departments their shares. */
export function requireFundsManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'fund.manage');
}

/** The departments whose shares the actor reads (all of them for the office and auditors). */
export function fundReach(actor: Actor | null): DepartmentReach {
  return departmentReach(actor, 'fund.read');
}

/** The allocations the caller may see, as a condition on fund_allocations. */
export function allocationScope(actor: Actor | null): SQL {
  const reach = fundReach(actor);
  if (reach.all) return sql`true`;
  if (!reach.departmentIds.length) return sql`false`;
  return inArray(fundAllocations.departmentId, reach.departmentIds);
}
