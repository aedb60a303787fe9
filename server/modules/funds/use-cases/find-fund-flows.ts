import type { z } from 'zod';
import type { ZFundFlows } from '../../../../contracts/funds.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { allocationScope } from '../funds.policy.js';
import { selectProjectHoldings } from '../funds.queries.js';
import { getFund } from './find-funds.js';

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
  const held = await selectProjectHoldings(db, fundId, allocationScope(ctx.actor));
  for (const [departmentId, s] of perDepartment) {
    const rest = { ...s };
    for (const h of held.filter((x) => x.departmentId === departmentId)) {
      const v = { reserved: Number(h.reserved), committed: Number(h.committed), paid: Number(h.paid) };
      const total = v.reserved + v.committed + v.paid;
      if (total <= 0) continue;
      nodes.push({ id: `project:${h.projectId}`, name: h.title, kind: 'project' });
      links.push({ source: `department:${departmentId}`, target: `project:${h.projectId}`, valueFen: total });
      for (const k of ['paid', 'committed', 'reserved'] as const) {
        if (v[k] > 0) {
          links.push({ source: `project:${h.projectId}`, target: `bucket:${k}`, valueFen: v[k] });
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
