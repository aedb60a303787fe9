import { and, eq, isNull } from 'drizzle-orm';
import type { CityTemplatePart } from '../../platform/city-templates.js';
import { invalidateCategoryNames } from './catalog.queries.js';
import { catalogCategories } from './catalog.tables.js';

/** A new city's 123X catalog, copied from another city's current categories; a code the new city already has is left as it is. */
export const catalogTemplate: CityTemplatePart = {
  label: { zh: '123X 项目清单', en: 'The 123X catalog' },
  async copy(tx, _ctx, from, to) {
    const source = await tx
      .select({ code: catalogCategories.code, tier: catalogCategories.tier, name: catalogCategories.name, description: catalogCategories.description, sortOrder: catalogCategories.sortOrder })
      .from(catalogCategories)
      .where(and(eq(catalogCategories.cityId, from.id), isNull(catalogCategories.retiredAt)));
    if (!source.length) return { copied: 0, skipped: 0 };
    const inserted = await tx
      .insert(catalogCategories)
      .values(source.map((c) => ({ ...c, cityId: to.id })))
      .onConflictDoNothing({ target: [catalogCategories.cityId, catalogCategories.code] })
      .returning({ id: catalogCategories.id });
    if (inserted.length) await invalidateCategoryNames(tx);
    return { copied: inserted.length, skipped: source.length - inserted.length };
  },
};
