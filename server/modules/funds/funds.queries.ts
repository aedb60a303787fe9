import { sql, type SQL } from 'drizzle-orm';
import type { FundLinePurpose, FundMovementKind } from '../../../contracts/funds.js';
import type { DepartmentReach } from '../../platform/access/policy.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import { HOLDING_SUMS } from './use-cases/move-funds.js';

/** Sums come back from the database as strings (bigint) or numbers. */
export type Num = string | number;

export interface FundRow {
  id: string;
  year: number;
  name: string;
  total_fen: Num;
  lines_budget_fen: Num;
  version: number;
  reserved: Num;
  committed: Num;
  paid: Num;
}

export interface FundLineRow {
  id: string;
  code: string;
  name: string;
  purpose: FundLinePurpose;
  budget_fen: Num;
  allocated_fen: Num;
  reserved_fen: Num;
  committed_fen: Num;
  paid_fen: Num;
  version: number;
}

export interface AllocationRow {
  id: string;
  line_id: string;
  department_id: string;
  department_name: string;
  budget_fen: Num;
  reserved_fen: Num;
  committed_fen: Num;
  paid_fen: Num;
  version: number;
}

export interface MovementRow {
  id: string;
  seq: Num;
  kind: FundMovementKind;
  amount_fen: Num;
  line_id: string;
  line_name: string;
  allocation_id: string;
  department_name: string;
  project_id: string | null;
  project_title: string | null;
  allocation_available_after_fen: Num;
  line_available_after_fen: Num;
  note: string | null;
  actor_name: string | null;
  created_at: Date | string;
}

/**
 * Funds with their totals, newest year first and by name within a year. Without the whole reach (`reach.all`), only
 * the funds with a share in `scope` and the totals of those shares.
 */
export function selectFundRows(db: DbOrTx, reach: DepartmentReach, scope: SQL, where: SQL, limit: number): Promise<FundRow[]> {
  return rows<FundRow>(
    db,
    sql`select f.id, f.year, f.name, ${reach.all ? sql`f.total_fen, f.lines_budget_fen` : sql`coalesce(sum(a.budget_fen), 0) as total_fen, coalesce(sum(a.budget_fen), 0) as lines_budget_fen`}, f.version,
               coalesce(sum(a.reserved_fen), 0) as reserved, coalesce(sum(a.committed_fen), 0) as committed, coalesce(sum(a.paid_fen), 0) as paid
        from funds f
        left join fund_lines l on l.fund_id = f.id
        left join fund_allocations a on a.line_id = l.id and ${scope}
        where ${where}
        group by f.id
        ${reach.all ? sql`` : sql`having count(a.id) > 0`}
        order by f.year desc, f.name, f.id
        limit ${limit}`,
  );
}

/** A fund's lines by code. */
export function selectFundLines(db: DbOrTx, fundId: string): Promise<FundLineRow[]> {
  return rows<FundLineRow>(db, sql`select id, code, name, purpose, budget_fen, allocated_fen, reserved_fen, committed_fen, paid_fen, version from fund_lines where fund_id = ${fundId} order by code`);
}

/** A fund's allocations within `scope`, in the departments' order. */
export function selectAllocations(db: DbOrTx, fundId: string, scope: SQL): Promise<AllocationRow[]> {
  return rows<AllocationRow>(
    db,
    sql`select a.id, a.line_id, a.department_id, d.short_name as department_name, a.budget_fen, a.reserved_fen, a.committed_fen, a.paid_fen, a.version
        from fund_allocations a join fund_lines l on l.id = a.line_id join departments d on d.id = a.department_id
        where l.fund_id = ${fundId} and ${scope}
        order by d.sort_order, d.short_name`,
  );
}

export async function fundExists(db: DbOrTx, fundId: string): Promise<boolean> {
  const [fund] = await rows<{ id: string }>(db, sql`select id from funds where id = ${fundId}`);
  return !!fund;
}

/** Ledger rows matching every condition, newest first (`m` the movement, `a` its allocation). */
export function selectMovements(db: DbOrTx, where: SQL[], limit: number): Promise<MovementRow[]> {
  return rows<MovementRow>(
    db,
    sql`select m.id, m.seq, m.kind, m.amount_fen, m.line_id, l.name as line_name, m.allocation_id, d.short_name as department_name, m.project_id, pc.title as project_title,
               m.allocation_available_after_fen, m.line_available_after_fen, m.note, u.display_name as actor_name, m.created_at
        from fund_movements m
        join fund_allocations a on a.id = m.allocation_id
        join fund_lines l on l.id = m.line_id
        join departments d on d.id = a.department_id
        left join users u on u.id = m.actor_id
        left join cases pc on pc.id = m.project_id
        where ${sql.join(where, sql` and `)}
        order by m.seq desc
        limit ${limit}`,
  );
}

/** What each project holds of a fund, per department, within `scope`. */
export function selectProjectHoldings(db: DbOrTx, fundId: string, scope: SQL) {
  return rows<{ department_id: string; project_id: string; title: string; reserved: string; committed: string; paid: string }>(
    db,
    sql`select a.department_id, m.project_id, c.title, ${HOLDING_SUMS}
        from fund_movements m join fund_allocations a on a.id = m.allocation_id join cases c on c.id = m.project_id
        where m.fund_id = ${fundId} and m.project_id is not null and ${scope}
        group by a.department_id, m.project_id, c.title`,
  );
}
