import type { z } from 'zod';
import { CATALOG_TIER_NAMES, type ZCatalogCategory, type ZServiceDomain } from '../../../contracts/funds.js';
import type { Lang } from '../../platform/errors/messages.js';
import { labelOf } from '../../platform/http/context.js';
import type { CategoryRow, DomainRow } from './catalog.queries.js';

export function presentCategory(c: CategoryRow, lang: Lang): z.infer<typeof ZCatalogCategory> {
  return { id: c.id, cityId: c.cityId, code: c.code, tier: c.tier, tierName: labelOf(CATALOG_TIER_NAMES[c.tier], lang), name: c.name, description: c.description, sortOrder: c.sortOrder, retired: c.retiredAt !== null, version: c.version };
}

export function presentDomain(d: DomainRow): z.infer<typeof ZServiceDomain> {
  return { cityId: d.cityId, code: d.code, name: d.name, sortOrder: d.sortOrder, retired: d.retiredAt !== null };
}
