import { inArray, sql, type SQL } from 'drizzle-orm';
import { departmentReach, requirePermission, wholeCityReach, type DepartmentReach } from '../../platform/access/policy.js';
import { requireCityReach } from '../../platform/access/cities.js';
import type { Actor } from '../../platform/http/context.js';
import { fundAllocations, funds } from './funds.tables.js';

/*
 * Money is the city's and is shared out to departments (allocations). A department sees the funds it has a share
 * in, and of them only its own shares: the fund's and each line's figures are then the sums of those shares, and
 * the ledger shows its own balance, not the line's. A city's office sees its city's funds whole, auditors every
 * city's; another city's fund answers 404.
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

/** The funds the caller sees whole (every line and share): its city's for the office, every city's for an auditor, as SQL over funds. */
export function wholeFundWhere(actor: Actor | null): SQL {
  const reach = wholeCityReach(actor, 'fund.read');
  if (reach.all) return sql`true`;
  if (!reach.cityIds.length) return sql`false`;
  return inArray(funds.cityId, reach.cityIds);
}

/** Whether the caller sees this city's funds whole. */
export function seesWholeFund(actor: Actor | null, cityId: string): boolean {
  const reach = wholeCityReach(actor, 'fund.read');
  return reach.all || reach.cityIds.includes(cityId);
}

/** A fund, line or share the caller changes: fund.manage in the fund's city, else 404 (another city's money is not there to them). */
export function requireFundCityManaged(actor: Actor | null, cityId: string): void {
  requireCityReach(actor, 'fund.manage', cityId);
}
