import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { departments } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { fundAllocations, fundLines, fundMovements, funds } from './funds.tables.js';
import { HOLDING_SUMS } from './use-cases/move-funds.js';

/** A sum of a bigint column over the group, 0 when there is none (the database answers a numeric: text). */
const sumOf = (column: typeof fundAllocations.budgetFen) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

/**
 * Funds with their totals, newest year first and by name within a year. A fund seen whole (`whole`: its city's
 * office, an auditor) shows its own totals; any other only if it has a share in `scope`, with those shares' totals.
 */
export function selectFundRows(db: DbOrTx, whole: SQL, scope: SQL, where: SQL, limit: number) {
  return db
    .select({
      id: funds.id,
      cityId: funds.cityId,
      year: funds.year,
      name: funds.name,
      whole: sql<boolean>`(${whole})`,
      totalFen: sql<number>`case when ${whole} then ${funds.totalFen} else coalesce(sum(${fundAllocations.budgetFen}), 0) end`.mapWith(Number),
      linesBudgetFen: sql<number>`case when ${whole} then ${funds.linesBudgetFen} else coalesce(sum(${fundAllocations.budgetFen}), 0) end`.mapWith(Number),
      version: funds.version,
      reserved: sumOf(fundAllocations.reservedFen),
      committed: sumOf(fundAllocations.committedFen),
      paid: sumOf(fundAllocations.paidFen),
    })
    .from(funds)
    .leftJoin(fundLines, eq(fundLines.fundId, funds.id))
    .leftJoin(fundAllocations, and(eq(fundAllocations.lineId, fundLines.id), scope))
    .where(where)
    .groupBy(funds.id)
    .having(sql`(${whole}) or count(${fundAllocations.id}) > 0`)
    .orderBy(desc(funds.year), asc(funds.name), asc(funds.id))
    .limit(limit);
}

export type FundRow = Awaited<ReturnType<typeof selectFundRows>>[number];

/** A fund's lines by code. */
export function selectFundLines(db: DbOrTx, fundId: string) {
  return db
    .select({
      id: fundLines.id,
      code: fundLines.code,
      name: fundLines.name,
      purpose: fundLines.purpose,
      budgetFen: fundLines.budgetFen,
      allocatedFen: fundLines.allocatedFen,
      reservedFen: fundLines.reservedFen,
      committedFen: fundLines.committedFen,
      paidFen: fundLines.paidFen,
      version: fundLines.version,
    })
    .from(fundLines)
    .where(eq(fundLines.fundId, fundId))
    .orderBy(asc(fundLines.code));
}

export type FundLineRow = Awaited<ReturnType<typeof selectFundLines>>[number];

/** A fund's allocations within `scope` (a condition on fund_allocations), in the departments' order. */
export function selectAllocations(db: DbOrTx, fundId: string, scope: SQL) {
  return db
    .select({
      id: fundAllocations.id,
      lineId: fundAllocations.lineId,
      departmentId: fundAllocations.departmentId,
      departmentName: departments.shortName,
      budgetFen: fundAllocations.budgetFen,
      reservedFen: fundAllocations.reservedFen,
      committedFen: fundAllocations.committedFen,
      paidFen: fundAllocations.paidFen,
      version: fundAllocations.version,
    })
    .from(fundAllocations)
    .innerJoin(fundLines, eq(fundLines.id, fundAllocations.lineId))
    .innerJoin(departments, eq(departments.id, fundAllocations.departmentId))
    .where(and(eq(fundLines.fundId, fundId), scope))
    .orderBy(asc(departments.sortOrder), asc(departments.shortName));
}

export type AllocationRow = Awaited<ReturnType<typeof selectAllocations>>[number];

export async function fundExists(db: DbOrTx, fundId: string): Promise<boolean> {
  const [fund] = await db.select({ id: funds.id }).from(funds).where(eq(funds.id, fundId));
  return !!fund;
}

/** Ledger rows matching every condition (on fund_movements and its allocation), newest first. */
export function selectMovements(db: DbOrTx, where: SQL[], limit: number) {
  return db
    .select({
      id: fundMovements.id,
      seq: fundMovements.seq,
      kind: fundMovements.kind,
      amountFen: fundMovements.amountFen,
      lineId: fundMovements.lineId,
      lineName: fundLines.name,
      allocationId: fundMovements.allocationId,
      departmentName: departments.shortName,
      projectId: fundMovements.projectId,
      projectTitle: cases.title,
      allocationAvailableAfterFen: fundMovements.allocationAvailableAfterFen,
      lineAvailableAfterFen: fundMovements.lineAvailableAfterFen,
      note: fundMovements.note,
      actorName: users.displayName,
      createdAt: fundMovements.createdAt,
    })
    .from(fundMovements)
    .innerJoin(fundAllocations, eq(fundAllocations.id, fundMovements.allocationId))
    .innerJoin(fundLines, eq(fundLines.id, fundMovements.lineId))
    .innerJoin(departments, eq(departments.id, fundAllocations.departmentId))
    .leftJoin(users, eq(users.id, fundMovements.actorId))
    .leftJoin(cases, eq(cases.id, fundMovements.projectId))
    .where(and(...where))
    .orderBy(desc(fundMovements.seq))
    .limit(limit);
}

export type MovementRow = Awaited<ReturnType<typeof selectMovements>>[number];

/** What each project holds of a fund, per department, within `scope` (a condition on fund_allocations). */
export function selectProjectHoldings(db: DbOrTx, fundId: string, scope: SQL) {
  return db
    .select({ departmentId: fundAllocations.departmentId, // The inner join on cases leaves no movement without a project.
      projectId: sql<string>`${fundMovements.projectId}`, title: cases.title, ...HOLDING_SUMS })
    .from(fundMovements)
    .innerJoin(fundAllocations, eq(fundAllocations.id, fundMovements.allocationId))
    .innerJoin(cases, eq(cases.id, fundMovements.projectId))
    .where(and(eq(fundMovements.fundId, fundId), scope))
    .groupBy(fundAllocations.departmentId, fundMovements.projectId, cases.title);
}
