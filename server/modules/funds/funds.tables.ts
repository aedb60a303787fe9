import { enumChecks } from '../../platform/db/checks.js';
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { FUND_LINE_PURPOSES, FUND_MOVEMENT_KINDS } from '../../../contracts/funds.js';
import { departments, regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';

const money = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/**
 * A year's special fund. Every level (fund, line, allocation) keeps its buckets as columns, changed only by
 * funds/use-cases/move-funds.ts in the same transaction as the ledger row, and the CHECK constraints make
 * the database itself refuse any state where a level would go below zero.
 */
export const funds = pgTable(
  'funds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The city whose fund it is: its office keeps it, its departments get shares (issue 16 §3). */
    cityId: uuid('city_id')
      .notNull()
      .references(() => regions.id),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    totalFen: money('total_fen'),
    /** Sum of the lines' budgets. */
    linesBudgetFen: money('lines_budget_fen'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('funds_city_year_name_uq').on(t.cityId, t.year, t.name),
    check('funds_amounts_ck', sql`${t.totalFen} >= 0 and ${t.linesBudgetFen} >= 0 and ${t.linesBudgetFen} <= ${t.totalFen}`),
  ],
);

export const fundLines = pgTable(
  'fund_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => funds.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    purpose: text('purpose', { enum: FUND_LINE_PURPOSES }).notNull(),
    budgetFen: money('budget_fen'),
    /** Sum of the allocations' budgets. */
    allocatedFen: money('allocated_fen'),
    reservedFen: money('reserved_fen'),
    committedFen: money('committed_fen'),
    paidFen: money('paid_fen'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('fund_lines', t),
    uniqueIndex('fund_lines_code_uq').on(t.fundId, t.code),
    check(
      'fund_lines_amounts_ck',
      sql`${t.budgetFen} >= 0 and ${t.reservedFen} >= 0 and ${t.committedFen} >= 0 and ${t.paidFen} >= 0 and ${t.allocatedFen} >= 0 and ${t.allocatedFen} <= ${t.budgetFen} and ${t.reservedFen} + ${t.committedFen} + ${t.paidFen} <= ${t.allocatedFen}`,
    ),
  ],
);

/** A department's share of a line: projects the department buys draw on it. */
export const fundAllocations = pgTable(
  'fund_allocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    lineId: uuid('line_id')
      .notNull()
      .references(() => fundLines.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    budgetFen: money('budget_fen'),
    reservedFen: money('reserved_fen'),
    committedFen: money('committed_fen'),
    paidFen: money('paid_fen'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('fund_allocations_line_department_uq').on(t.lineId, t.departmentId),
    // The target of the (allocation, line) foreign keys: a row naming both names a pair that belongs together.
    uniqueIndex('fund_allocations_id_line_uq').on(t.id, t.lineId),
    index('fund_allocations_department_idx').on(t.departmentId),
    check(
      'fund_allocations_amounts_ck',
      sql`${t.budgetFen} >= 0 and ${t.reservedFen} >= 0 and ${t.committedFen} >= 0 and ${t.paidFen} >= 0 and ${t.reservedFen} + ${t.committedFen} + ${t.paidFen} <= ${t.budgetFen}`,
    ),
  ],
);

/**
 * The ledger: one row per movement, append-only (a trigger refuses UPDATE, DELETE and TRUNCATE), with the
 * balances right after it so that any row answers "what was left then" without replaying history.
 */
export const fundMovements = pgTable(
  'fund_movements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => funds.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => fundLines.id),
    allocationId: uuid('allocation_id')
      .notNull()
      .references(() => fundAllocations.id),
    /** The purchased service project (its case) the money moved for. */
    projectId: uuid('project_id').references(() => cases.id),
    caseId: uuid('case_id').references(() => cases.id),
    kind: text('kind', { enum: FUND_MOVEMENT_KINDS }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    allocationAvailableAfterFen: bigint('allocation_available_after_fen', { mode: 'number' }).notNull(),
    lineAvailableAfterFen: bigint('line_available_after_fen', { mode: 'number' }).notNull(),
    note: text('note'),
    actorId: uuid('actor_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...enumChecks('fund_movements', t),
    // The allocation the money moved on belongs to the line the row names.
    foreignKey({ name: 'fund_movements_allocation_line_fk', columns: [t.allocationId, t.lineId], foreignColumns: [fundAllocations.id, fundAllocations.lineId] }),
    uniqueIndex('fund_movements_seq_uq').on(t.seq),
    index('fund_movements_fund_idx').on(t.fundId, t.seq),
    index('fund_movements_allocation_idx').on(t.allocationId, t.seq),
    index('fund_movements_project_idx').on(t.projectId, t.seq).where(sql`${t.projectId} is not null`),
    check('fund_movements_amount_ck', sql`${t.kind} = 'allocate' or ${t.amountFen} > 0`),
  ],
);
