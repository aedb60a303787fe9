import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import type { ZAllocationInput, ZFundInput, ZFundLinePatch } from '../../../../contracts/funds.js';
import { requireFundCityManaged, requireFundsManage } from '../funds.policy.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { fundAllocations, fundLines, funds } from '../funds.tables.js';
import { moveFunds, resizeLines } from './move-funds.js';

/** Sets up a year's fund with its lines (each line's budget comes out of the total). */
export async function createFund(db: Db, ctx: RequestContext, input: z.infer<typeof ZFundInput>): Promise<string> {
  const actor = requireFundsManage(ctx.actor);
  const linesTotal = input.lines.reduce((n, l) => n + l.budgetFen, 0);
  if (linesTotal > input.totalFen) {
    throw new AppError('validation', {}, [{ path: 'lines', message: `各科目预算合计 ${formatYuan(linesTotal)} 元，超过经费总额 ${formatYuan(input.totalFen)} 元`, messageEn: 'The lines add up to more than the total' }]);
  }
  const codes = new Set(input.lines.map((l) => l.code));
  if (codes.size !== input.lines.length) throw new AppError('validation', {}, [{ path: 'lines', message: '科目编码重复', messageEn: 'Duplicate line codes' }]);
  try {
    return await db.transaction(async (tx) => {
      const city = await cityForWrite(tx, actor, 'fund.manage', input.cityId);
      const [fund] = await tx.insert(funds).values({ cityId: city.id, year: input.year, name: input.name, totalFen: input.totalFen, linesBudgetFen: linesTotal }).returning({ id: funds.id });
      if (input.lines.length) await tx.insert(fundLines).values(input.lines.map((l) => ({ fundId: fund.id, code: l.code, name: l.name, purpose: l.purpose, budgetFen: l.budgetFen })));
      await appendAudit(tx, ctx, { action: 'fund.create', permission: 'fund.manage', entityType: 'fund', entityId: fund.id, detail: { city: city.name, year: input.year, name: input.name, totalFen: input.totalFen, lines: input.lines } });
      return fund.id;
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'funds_city_year_name_uq') throw new AppError('duplicate', { field: `${input.year} 年经费`, value: input.name });
    throw err;
  }
}

/** Renames a line or changes its budget; the budget can never drop below what is already allocated. */
export async function updateFundLine(db: Db, ctx: RequestContext, lineId: string, input: z.infer<typeof ZFundLinePatch>): Promise<string> {
  requireFundsManage(ctx.actor);
  return db.transaction(async (tx) => {
    const [line] = await tx.select().from(fundLines).where(eq(fundLines.id, lineId)).for('update');
    if (!line) throw notFound('fundLine');
    requireFundCityManaged(ctx.actor, await cityOfFund(tx, line.fundId));
    if (line.version !== input.version) throw conflict(line.version);
    const budget = input.budgetFen ?? line.budgetFen;
    if (budget < line.allocatedFen) {
      throw new AppError('insufficient_funds', {
        reason: `“${line.name}”已分配给各部门 ${formatYuan(line.allocatedFen)} 元，预算不能减至 ${formatYuan(budget)} 元；请先调减部门额度。`,
        reasonEn: `"${line.name}" has ${formatYuan(line.allocatedFen)} allocated; its budget cannot go below that.`,
      });
    }
    if (budget !== line.budgetFen) await resizeLines(tx, line.fundId, budget - line.budgetFen);
    await tx.update(fundLines).set({ name: input.name ?? line.name, budgetFen: budget, version: line.version + 1 }).where(eq(fundLines.id, lineId));
    await appendAudit(tx, ctx, {
      action: 'fund.updateLine',
      permission: 'fund.manage',
      entityType: 'fundLine',
      entityId: lineId,
      changes: {
        ...(input.name && input.name !== line.name ? { name: { before: line.name, after: input.name } } : {}),
        ...(budget !== line.budgetFen ? { budgetFen: { before: line.budgetFen, after: budget } } : {}),
      },
    });
    return line.fundId;
  });
}

/**
 * Gives a department its share of a line, or changes it: the difference moves between the line's
 * unallocated budget and the allocation through the ledger ("allocate"), so every change is on record.
 */
export async function setAllocation(db: Db, ctx: RequestContext, lineId: string, input: z.infer<typeof ZAllocationInput>): Promise<{ id: string }> {
  requireFundsManage(ctx.actor);
  return db.transaction(async (tx) => {
    // Line, then allocation: the lock order of every money movement, so this never deadlocks with one.
    const [line] = await tx.select({ id: fundLines.id, fundId: fundLines.fundId }).from(fundLines).where(eq(fundLines.id, lineId)).for('update');
    if (!line) throw notFound('fundLine');
    const cityId = await cityOfFund(tx, line.fundId);
    requireFundCityManaged(ctx.actor, cityId);
    // A city's money goes to that city's departments only.
    const [dept] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.id, input.departmentId), eq(departments.cityId, cityId), isNull(departments.retiredAt)));
    if (!dept) throw new AppError('validation', {}, [{ path: 'departmentId', message: '部门不存在或已撤销', messageEn: 'No such department' }]);
    let [alloc] = await tx.select().from(fundAllocations).where(and(eq(fundAllocations.lineId, lineId), eq(fundAllocations.departmentId, input.departmentId))).for('update');
    if (alloc && input.version === undefined) throw conflict(alloc.version, { reason: '该部门已有额度，请按当前版本修改' });
    if (alloc && alloc.version !== input.version) throw conflict(alloc.version);
    if (!alloc && input.version !== undefined) throw notFound('fundAllocation');
    if (!alloc) {
      // Concurrent creators: the unique index lets one insert; the other finds the row and gets a 409 below.
      const inserted = await tx.insert(fundAllocations).values({ lineId, departmentId: input.departmentId }).onConflictDoNothing().returning();
      if (!inserted.length) {
        const [current] = await tx.select().from(fundAllocations).where(and(eq(fundAllocations.lineId, lineId), eq(fundAllocations.departmentId, input.departmentId)));
        throw conflict(current.version);
      }
      alloc = inserted[0];
    }
    const delta = input.budgetFen - alloc.budgetFen;
    if (delta !== 0) await moveFunds(tx, ctx, { allocationId: alloc.id, kind: 'allocate', amountFen: delta, note: input.note ?? null });
    return { id: alloc.id };
  });
}

async function cityOfFund(tx: Tx, fundId: string): Promise<string> {
  const [fund] = await tx.select({ cityId: funds.cityId }).from(funds).where(eq(funds.id, fundId));
  return fund.cityId;
}
