import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetPage } from '../../../platform/http/paging.js';
import { FUND_LINE_PURPOSE_NAMES, FUND_MOVEMENT_NAMES, type FundLinePurpose, type FundMovementKind, type ZFundFlows, type ZFundQuery, type ZLedgerQuery } from '../../../../contracts/funds.js';
import { departmentReach, requirePermission } from '../../../platform/access/policy.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import { HOLDING_SUMS } from './move-funds.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';

type Num = string | number;
const n = (v: Num) => Number(v);

/** The allocations the caller may see, as SQL over `a.department_id`. */
function allocationScope(ctx: RequestContext): SQL {
  const reach = departmentReach(ctx.actor, 'fund.read');
  if (reach.all) return sql`true`;
  if (!reach.departmentIds.length) return sql`false`;
  return sql`a.department_id in (${sql.join(reach.departmentIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
}

interface FundRow {
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

function presentFundRow(f: FundRow) {
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

/**
 * Funds with their totals, newest year first and by name within a year. A department sees the funds it has a
 * share in, and the totals of its own shares only; the office and auditors see everything.
 */
async function selectFunds(db: DbOrTx, ctx: RequestContext, where: SQL, limit: number) {
  requirePermission(ctx.actor, 'fund.read');
  const reach = departmentReach(ctx.actor, 'fund.read');
  const found = await rows<FundRow>(
    db,
    sql`select f.id, f.year, f.name, ${reach.all ? sql`f.total_fen, f.lines_budget_fen` : sql`coalesce(sum(a.budget_fen), 0) as total_fen, coalesce(sum(a.budget_fen), 0) as lines_budget_fen`}, f.version,
               coalesce(sum(a.reserved_fen), 0) as reserved, coalesce(sum(a.committed_fen), 0) as committed, coalesce(sum(a.paid_fen), 0) as paid
        from funds f
        left join fund_lines l on l.fund_id = f.id
        left join fund_allocations a on a.line_id = l.id and ${allocationScope(ctx)}
        where ${where}
        group by f.id
        ${reach.all ? sql`` : sql`having count(a.id) > 0`}
        order by f.year desc, f.name, f.id
        limit ${limit}`,
  );
  return found.map((f) => ({ ...presentFundRow(f), scope: reach.all ? ('city' as const) : ('department' as const) }));
}

/** The funds list in keyset pages (a fund a year or more, for as many years as the platform runs). */
export async function listFunds(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZFundQuery>) {
  // The year runs down and the name up, so the cursor is not one row value: (year below) or (same year, name and id after).
  const after = readCursor(input.cursor, z.tuple([cursorPart.int, cursorPart.text, cursorPart.uuid]));
  const where = [input.year ? sql`f.year = ${input.year}` : sql`true`];
  if (after) where.push(sql`(f.year < ${after[0]} or (f.year = ${after[0]} and (f.name, f.id) > (${after[1]}, ${after[2]}::uuid)))`);
  const found = await selectFunds(db, ctx, sql.join(where, sql` and `), input.limit + 1);
  return keysetPage(found, input.limit, (f) => [f.year, f.name, f.id]);
}

export async function getFund(db: DbOrTx, ctx: RequestContext, fundId: string) {
  requirePermission(ctx.actor, 'fund.read');
  const reach = departmentReach(ctx.actor, 'fund.read');
  const [fund] = await selectFunds(db, ctx, sql`f.id = ${fundId}`, 1);
  if (!fund) throw notFound('fund');
  const lines = await rows<{ id: string; code: string; name: string; purpose: FundLinePurpose; budget_fen: Num; allocated_fen: Num; reserved_fen: Num; committed_fen: Num; paid_fen: Num; version: number }>(
    db,
    sql`select id, code, name, purpose, budget_fen, allocated_fen, reserved_fen, committed_fen, paid_fen, version from fund_lines where fund_id = ${fundId} order by code`,
  );
  const allocations = await rows<{ id: string; line_id: string; department_id: string; department_name: string; budget_fen: Num; reserved_fen: Num; committed_fen: Num; paid_fen: Num; version: number }>(
    db,
    sql`select a.id, a.line_id, a.department_id, d.short_name as department_name, a.budget_fen, a.reserved_fen, a.committed_fen, a.paid_fen, a.version
        from fund_allocations a join fund_lines l on l.id = a.line_id join departments d on d.id = a.department_id
        where l.fund_id = ${fundId} and ${allocationScope(ctx)}
        order by d.sort_order, d.short_name`,
  );
  const presentedLines = lines
    .map((l) => {
      const mine = allocations.filter((a) => a.line_id === l.id);
      // A department sees its own shares; the line's figures are then the sum of those, not the city's.
      const figures = reach.all
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
        purposeName: FUND_LINE_PURPOSE_NAMES[l.purpose][ctx.lang],
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
    })
    .filter((l) => reach.all || l.allocations.length > 0);
  return { ...fund, lines: presentedLines };
}

/** The ledger, newest first, in keyset pages; each row carries the balances right after it. */
export async function findLedger(db: DbOrTx, ctx: RequestContext, fundId: string, input: z.infer<typeof ZLedgerQuery>) {
  requirePermission(ctx.actor, 'fund.read');
  const reach = departmentReach(ctx.actor, 'fund.read');
  const [fund] = await rows<{ id: string }>(db, sql`select id from funds where id = ${fundId}`);
  if (!fund) throw notFound('fund');
  const where: SQL[] = [sql`m.fund_id = ${fundId}`, allocationScope(ctx)];
  if (input.lineId) where.push(sql`m.line_id = ${input.lineId}`);
  if (input.departmentId) where.push(sql`a.department_id = ${input.departmentId}`);
  if (input.kind) where.push(sql`m.kind = ${input.kind}`);
  const after = readCursor(input.cursor, z.tuple([cursorPart.seq]));
  if (after) where.push(sql`m.seq < ${after[0]}`);
  const found = await rows<{
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
  }>(
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
        limit ${input.limit + 1}`,
  );
  const items = found.slice(0, input.limit).map((m) => ({
    id: m.id,
    seq: n(m.seq),
    kind: m.kind,
    kindName: FUND_MOVEMENT_NAMES[m.kind][ctx.lang],
    amountFen: n(m.amount_fen),
    lineId: m.line_id,
    lineName: m.line_name,
    allocationId: m.allocation_id,
    departmentName: m.department_name,
    projectId: m.project_id,
    projectTitle: m.project_title,
    allocationAvailableAfterFen: n(m.allocation_available_after_fen),
    // A department sees its own balance, not what the line holds for every department.
    lineAvailableAfterFen: reach.all ? n(m.line_available_after_fen) : null,
    note: m.note,
    actorName: m.actor_name,
    at: toIso(m.created_at)!,
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > input.limit && last ? encodeCursor([last.seq]) : null };
}

/**
 * Where the money goes, for a Sankey chart: fund → line → department → what the department's share is
 * doing (paid, committed, reserved, still available), plus what no department has been given yet.
 */
export async function fundFlows(db: DbOrTx, ctx: RequestContext, fundId: string): Promise<z.infer<typeof ZFundFlows>> {
  const fund = await getFund(db, ctx, fundId);
  const nodes: z.infer<typeof ZFundFlows>['nodes'] = [{ id: `fund:${fund.id}`, name: fund.name, kind: 'fund' }];
  const links: z.infer<typeof ZFundFlows>['links'] = [];
  const departments = new Set<string>();
  const en = ctx.lang === 'en';
  const buckets = [
    { id: 'paid', name: en ? 'Paid' : '已支付', kind: 'paid' as const },
    { id: 'committed', name: en ? 'Committed, unpaid' : '合同未付', kind: 'committed' as const },
    { id: 'reserved', name: en ? 'Reserved' : '立项预留', kind: 'reserved' as const },
    { id: 'available', name: en ? 'Available' : '可用余额', kind: 'available' as const },
  ];
  const bucketTotals = { paid: 0, committed: 0, reserved: 0, available: 0, unallocated: 0 };
  for (const line of fund.lines) {
    nodes.push({ id: `line:${line.id}`, name: line.name, kind: 'line' });
    links.push({ source: `fund:${fund.id}`, target: `line:${line.id}`, valueFen: line.budgetFen });
    if (line.unallocatedFen > 0) {
      links.push({ source: `line:${line.id}`, target: 'bucket:unallocated', valueFen: line.unallocatedFen });
      bucketTotals.unallocated += line.unallocatedFen;
    }
    for (const a of line.allocations) {
      if (!departments.has(a.departmentId)) {
        departments.add(a.departmentId);
        nodes.push({ id: `department:${a.departmentId}`, name: a.departmentName, kind: 'department' });
      }
      if (a.budgetFen > 0) links.push({ source: `line:${line.id}`, target: `department:${a.departmentId}`, valueFen: a.budgetFen });
    }
  }
  // Department → bucket, summed over lines (a department with shares in two lines is one node).
  const perDepartment = new Map<string, { paid: number; committed: number; reserved: number; available: number }>();
  for (const line of fund.lines) {
    for (const a of line.allocations) {
      const s = perDepartment.get(a.departmentId) ?? { paid: 0, committed: 0, reserved: 0, available: 0 };
      s.paid += a.paidFen;
      s.committed += a.committedFen;
      s.reserved += a.reservedFen;
      s.available += a.availableFen;
      perDepartment.set(a.departmentId, s);
    }
  }
  // Department → project → what the project's money is doing; money moved without a project goes straight to its bucket.
  const held = await rows<{ department_id: string; project_id: string; title: string; reserved: string; committed: string; paid: string }>(
    db,
    sql`select a.department_id, m.project_id, c.title, ${HOLDING_SUMS}
        from fund_movements m join fund_allocations a on a.id = m.allocation_id join cases c on c.id = m.project_id
        where m.fund_id = ${fundId} and m.project_id is not null and ${allocationScope(ctx)}
        group by a.department_id, m.project_id, c.title`,
  );
  for (const [departmentId, s] of perDepartment) {
    const rest = { ...s };
    for (const h of held.filter((x) => x.department_id === departmentId)) {
      const v = { reserved: Number(h.reserved), committed: Number(h.committed), paid: Number(h.paid) };
      const total = v.reserved + v.committed + v.paid;
      if (total <= 0) continue;
      nodes.push({ id: `project:${h.project_id}`, name: h.title, kind: 'project' });
      links.push({ source: `department:${departmentId}`, target: `project:${h.project_id}`, valueFen: total });
      for (const k of ['paid', 'committed', 'reserved'] as const) {
        if (v[k] > 0) {
          links.push({ source: `project:${h.project_id}`, target: `bucket:${k}`, valueFen: v[k] });
          bucketTotals[k] += v[k];
          rest[k] -= v[k];
        }
      }
    }
    for (const b of buckets) {
      const value = rest[b.id as keyof typeof rest];
      if (value > 0) {
        links.push({ source: `department:${departmentId}`, target: `bucket:${b.id}`, valueFen: value });
        bucketTotals[b.id as keyof typeof bucketTotals] += value;
      }
    }
  }
  for (const b of buckets) if (bucketTotals[b.id as keyof typeof bucketTotals] > 0) nodes.push({ id: `bucket:${b.id}`, name: b.name, kind: b.kind });
  if (bucketTotals.unallocated > 0) nodes.push({ id: 'bucket:unallocated', name: en ? 'Unallocated' : '未分配', kind: 'available' });
  return { nodes, links: links.filter((l) => l.valueFen > 0) };
}
