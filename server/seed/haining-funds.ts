import { invalidateCategoryNames } from '../modules/catalog/catalog.service.js';
import { sql } from 'drizzle-orm';
import type { CatalogTier } from '../../contracts/funds.js';
import type { Tx } from '../platform/db/client.js';
import { rows } from '../platform/db/sql.js';
import { systemContext } from '../platform/http/context.js';
import { catalogCategories, serviceDomains } from '../modules/catalog/catalog.tables.js';
import { fundLines, funds } from '../modules/funds/funds.tables.js';
import { moveFunds } from '../modules/funds/use-cases/move-funds.js';

/** Haining's 123X catalog (市委社工办, 2016 onwards): 1 core-leading, 2 brand, 3 basic, X featured. */
export const HAINING_CATALOG: { code: string; tier: CatalogTier; name: string; description: string }[] = [
  { code: 'core.partyTalent', tier: 'core', name: '党建引领社会工作人才项目', description: '以党建带动社会工作人才培养与使用，打造社工人才队伍。' },
  { code: 'brand.communityGovernance', tier: 'brand', name: '社区治理品牌项目', description: '三社联动、四季轮值，社会组织参与社区治理。' },
  { code: 'brand.socialWork', tier: 'brand', name: '社会工作品牌项目', description: '社工站专业服务与社会工作品牌建设。' },
  { code: 'basic.hardshipFamilies', tier: 'basic', name: '困境家庭帮扶项目', description: '困难家庭的个案帮扶、资源链接与能力提升。' },
  { code: 'basic.elderlyAlone', tier: 'basic', name: '独居老人关爱项目', description: '独居、空巢老人的探访、照护与精神慰藉。' },
  { code: 'basic.childrenInDifficulty', tier: 'basic', name: '困境儿童关爱项目', description: '困境儿童、留守儿童的保护、陪伴与成长支持。' },
  { code: 'featured.publicEmployeeMentalHealth', tier: 'featured', name: '公职人员心理健康项目', description: '机关事业单位干部职工的心理关爱与减压服务。' },
  { code: 'featured.petitions', tier: 'featured', name: '信访社工项目', description: '社会工作介入信访矛盾化解。' },
  { code: 'featured.minorities', tier: 'featured', name: '少数民族服务项目', description: '少数民族流动人口的融入与服务。' },
  { code: 'featured.mediation', tier: 'featured', name: '矛盾纠纷调解项目', description: '社会组织参与人民调解与矛盾纠纷化解。' },
  { code: 'featured.corrections', tier: 'featured', name: '社区矫正社工项目', description: '社区矫正对象的帮教与社会融入。' },
];

/** Service domains: the registry's service fields plus the domains only projects use. */
export const HAINING_DOMAINS: { code: string; name: string }[] = [
  { code: 'children', name: '儿童' },
  { code: 'youth', name: '青少年' },
  { code: 'elderly', name: '老年人' },
  { code: 'women', name: '妇女' },
  { code: 'disabled', name: '残疾人' },
  { code: 'corrections', name: '社区矫正' },
  { code: 'publicEmployeeMentalHealth', name: '公职人员心理健康' },
  { code: 'petitions', name: '信访' },
  { code: 'minorities', name: '少数民族' },
  { code: 'mediation', name: '矛盾调解' },
  { code: 'community', name: '社区治理' },
  { code: 'hardship', name: '困难群众' },
  { code: 'newResidents', name: '新居民' },
  { code: 'volunteering', name: '志愿服务' },
];

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

export async function seedHainingFunds(tx: Tx): Promise<void> {
  await tx.insert(catalogCategories).values(HAINING_CATALOG.map((c, i) => ({ ...c, sortOrder: i + 1 })));
  await invalidateCategoryNames(tx);
  await tx.insert(serviceDomains).values(HAINING_DOMAINS.map((d, i) => ({ ...d, sortOrder: i + 1 })));
  const f = HAINING_FUND_2026;
  const [fund] = await tx.insert(funds).values({ year: f.year, name: f.name, totalFen: f.totalFen, linesBudgetFen: f.lines.reduce((n, l) => n + l.budgetFen, 0) }).returning({ id: funds.id });
  const departments = await rows<{ id: string; short_name: string }>(tx, sql`select id, short_name from departments`);
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
