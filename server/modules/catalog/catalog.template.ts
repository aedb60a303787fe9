import { and, eq, isNull } from 'drizzle-orm';
import type { CityTemplatePart } from '../../platform/city-templates.js';
import { invalidateCategoryNames } from './catalog.queries.js';
import { catalogCategories, serviceDomains } from './catalog.tables.js';

/**
 * The service domains every new city has before any copy: the fields of social work the country's policy names
 * (children, youth, the elderly, women, disabled people, social assistance, communities, corrections, drug
 * rehabilitation, health, schools, veterans, disaster relief…). The codes are the demo city's where the domain is
 * the same, so copying that city's list later adds only what it has beyond these.
 */
export const DEFAULT_SERVICE_DOMAINS: readonly { code: string; name: string }[] = [
  { code: 'children', name: '儿童' },
  { code: 'youth', name: '青少年' },
  { code: 'elderly', name: '老年人' },
  { code: 'women', name: '妇女' },
  { code: 'disabled', name: '残疾人' },
  { code: 'families', name: '婚姻家庭' },
  { code: 'hardship', name: '困难群众' },
  { code: 'community', name: '社区治理' },
  { code: 'corrections', name: '社区矫正' },
  { code: 'drugRehabilitation', name: '禁毒' },
  { code: 'medical', name: '医疗卫生' },
  { code: 'school', name: '学校' },
  { code: 'mediation', name: '矛盾调解' },
  { code: 'veterans', name: '优抚安置' },
  { code: 'disasterRelief', name: '防灾减灾' },
  { code: 'volunteering', name: '志愿服务' },
];

/**
 * A new city's 123X catalog and service domains, copied from another city's current ones; a code the new city
 * already has is left as it is, and so is a domain whose name one of its current domains already bears.
 */
export const catalogTemplate: CityTemplatePart = {
  label: { zh: '123X 项目清单与服务领域', en: 'The 123X catalog and service domains' },
  async copy(tx, _ctx, from, to) {
    const categories = await tx
      .select({ code: catalogCategories.code, tier: catalogCategories.tier, name: catalogCategories.name, description: catalogCategories.description, sortOrder: catalogCategories.sortOrder })
      .from(catalogCategories)
      .where(and(eq(catalogCategories.cityId, from.id), isNull(catalogCategories.retiredAt)));
    const copiedCategories = categories.length
      ? await tx
          .insert(catalogCategories)
          .values(categories.map((c) => ({ ...c, cityId: to.id })))
          .onConflictDoNothing({ target: [catalogCategories.cityId, catalogCategories.code] })
          .returning({ id: catalogCategories.id })
      : [];
    if (copiedCategories.length) await invalidateCategoryNames(tx);

    const domains = await tx
      .select({ code: serviceDomains.code, name: serviceDomains.name, sortOrder: serviceDomains.sortOrder })
      .from(serviceDomains)
      .where(and(eq(serviceDomains.cityId, from.id), isNull(serviceDomains.retiredAt)));
    // No conflict target: a code the city has (the key) and a name one of its current domains bears (the partial unique index) are both left.
    const copiedDomains = domains.length
      ? await tx
          .insert(serviceDomains)
          .values(domains.map((d) => ({ ...d, cityId: to.id })))
          .onConflictDoNothing()
          .returning({ code: serviceDomains.code })
      : [];

    const copied = copiedCategories.length + copiedDomains.length;
    return { copied, skipped: categories.length + domains.length - copied };
  },
  /** Every city can propose projects from the start: the national list of service domains, to edit as the city's own. */
  async defaults(tx, city) {
    await tx
      .insert(serviceDomains)
      .values(DEFAULT_SERVICE_DOMAINS.map((d, i) => ({ ...d, cityId: city.id, sortOrder: i + 1 })))
      .onConflictDoNothing();
  },
};
