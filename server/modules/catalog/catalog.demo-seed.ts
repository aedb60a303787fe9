import { invalidateCategoryNames } from './catalog.queries.js';
import type { CatalogTier } from '../../../contracts/funds.js';
import type { Tx } from '../../platform/db/client.js';
import { catalogCategories, serviceDomains } from './catalog.tables.js';
import { departments } from '../../platform/access/scope.tables.js';

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


/** The demo city's catalog and service domains (the catalog module's demo seed). */
export async function seedHainingCatalog(tx: Tx): Promise<void> {
  // The demo has one city: its departments' (server/seed/haining.ts seeds them first).
  const [city] = await tx.select({ id: departments.cityId }).from(departments).limit(1);
  await tx.insert(catalogCategories).values(HAINING_CATALOG.map((c, i) => ({ ...c, cityId: city.id, sortOrder: i + 1 })));
  await invalidateCategoryNames(tx);
  await tx.insert(serviceDomains).values(HAINING_DOMAINS.map((d, i) => ({ ...d, cityId: city.id, sortOrder: i + 1 })));
}
