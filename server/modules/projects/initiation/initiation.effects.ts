import { and, eq, sql } from 'drizzle-orm';
import { formatYuan } from '../../../../contracts/money.js';
import type { CaseRow, EffectResult } from '../../../platform/cases/define.js';
import type { Tx } from '../../../platform/db/client.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { fundAllocationBalances, fundLineDirectory, moveFunds } from '../../funds/index.js';
import { loadProject } from '../project.queries.js';
import { serviceProjects } from '../projects.tables.js';

/**
 * Effect of `approve`: the project enters the year's plan, paid from a fund line; the buying department's
 * allocation in that line reserves the budget now, so the plan never promises money the city has not set aside.
 */
export async function approveIntoPlan(tx: Tx, ctx: RequestContext, c: CaseRow, input: unknown): Promise<EffectResult> {
  const { lineId } = input as { lineId: string };
  const p = await loadProject(tx, c.id);
  // The view's fund_year is a computed field, which the builder names unqualified; both views have one.
  const viewYear = sql<number>`${fundLineDirectory}.${sql.identifier('fund_year')}`;
  const [alloc] = await tx
    .select({ id: fundAllocationBalances.id, lineName: fundLineDirectory.name, fundYear: viewYear, department: departments.shortName })
    .from(fundLineDirectory)
    .leftJoin(fundAllocationBalances, and(eq(fundAllocationBalances.lineId, fundLineDirectory.id), eq(fundAllocationBalances.departmentId, p.departmentId)))
    .leftJoin(departments, eq(departments.id, p.departmentId))
    .where(eq(fundLineDirectory.id, lineId));
  if (!alloc) throw new AppError('validation', {}, [{ path: 'input.lineId', message: '经费科目不存在', messageEn: 'No such fund line' }]);
  if (alloc.fundYear !== p.year) throw new AppError('validation', {}, [{ path: 'input.lineId', message: `该科目属于 ${alloc.fundYear} 年经费，项目为 ${p.year} 年度`, messageEn: 'The line belongs to another year' }]);
  if (!alloc.id) {
    throw new AppError('insufficient_funds', {
      reason: `${alloc.department ?? '该部门'}在“${alloc.lineName}”中没有经费额度，请先分配额度或选择其他科目。`,
      reasonEn: `The department has no allocation in "${alloc.lineName}".`,
    });
  }
  await moveFunds(tx, ctx, { allocationId: alloc.id, kind: 'reserve', amountFen: p.budgetFen, projectId: c.id, caseId: c.id, note: `立项预留 ${c.number}（预算 ${formatYuan(p.budgetFen)} 元）` });
  await tx.update(serviceProjects).set({ lineId, allocationId: alloc.id }).where(eq(serviceProjects.caseId, c.id));
  return { outcome: 'approved' };
}

/** Effect of `reject`: nothing was reserved yet; the outcome is recorded. */
export async function rejectProposal(): Promise<EffectResult> {
  return { outcome: 'rejected' };
}

/** Effect of `withdraw`: the department takes back its own draft. */
export async function withdrawDraft(): Promise<EffectResult> {
  return { outcome: 'withdrawn' };
}
