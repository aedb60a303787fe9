import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import { systemContext } from '../../platform/http/context.js';
import { fundLines, funds } from './funds.tables.js';
import { moveFunds } from './use-cases/move-funds.js';

const WAN = 1_000_000; // fen in 10,000 yuan

/**
 * The 2026 special fund: 10 M yuan, 5 M for professional social-work services and 5 M for cultivation
 * awards and subsidies, shared among the service departments. Allocations go through the ledger like any
 * other movement, so the demo's ledger starts where a real one would.
 */
export const HAINING_FUND_2026 = {
  year: 2026,
  name: '2026 年度社会组织发展专项经费',
  totalFen: 1000 * WAN,
  lines: [
    {
      code: 'services',
      name: '购买专业社会工作服务',
      purpose: 'services' as const,
      budgetFen: 500 * WAN,
      allocations: { 市委社工办: 120, 民政局: 90, 卫健局: 45, 教育局: 35, 司法局: 30, 人社局: 20, 团市委: 25, 市妇联: 30, 市残联: 30, 信访局: 20, 退役军人事务局: 15, 应急管理局: 10 } as Record<string, number>,
    },
    {
      code: 'cultivation',
      name: '培育奖补',
      purpose: 'cultivation' as const,
      budgetFen: 500 * WAN,
      allocations: { 市委社工办: 300, 民政局: 120 } as Record<string, number>,
    },
  ],
};

/** The demo city's 2026 fund, its lines and the departments' allocations, moved in by moveFunds (the funds module's demo seed). */
export async function seedHainingFunds(tx: Tx): Promise<void> {
  const f = HAINING_FUND_2026;
  // The demo has one city: its departments' (server/seed/haining.ts seeds them first).
  const departments = await rows<{ id: string; short_name: string; city_id: string }>(tx, sql`select id, short_name, city_id from departments`);
  const [fund] = await tx
    .insert(funds)
    .values({ cityId: departments[0].city_id, year: f.year, name: f.name, totalFen: f.totalFen, linesBudgetFen: f.lines.reduce((n, l) => n + l.budgetFen, 0) })
    .returning({ id: funds.id });
  const ctx = systemContext('seed');
  for (const l of f.lines) {
    const [line] = await tx.insert(fundLines).values({ fundId: fund.id, code: l.code, name: l.name, purpose: l.purpose, budgetFen: l.budgetFen }).returning({ id: fundLines.id });
    for (const [shortName, wan] of Object.entries(l.allocations)) {
      const dept = departments.find((d) => d.short_name === shortName);
      if (!dept) throw new Error(`fund seed names unknown department ${shortName}`);
      const [alloc] = await rows<{ id: string }>(tx, sql`insert into fund_allocations (line_id, department_id) values (${line.id}, ${dept.id}) returning id`);
      await moveFunds(tx, ctx, { allocationId: alloc.id, kind: 'allocate', amountFen: wan * WAN, note: '年初额度分配' });
    }
  }
}


