import { and, eq, isNull } from 'drizzle-orm';
import { DEFAULT_CONCERN_CATEGORIES } from '../../../contracts/concerns.js';
import type { CityRef } from '../../platform/access/cities.js';
import { setCityTimeLimits } from '../../platform/cases/time-limits.js';
import type { CityTemplatePart } from '../../platform/city-templates.js';
import type { Tx } from '../../platform/db/client.js';
import { concernCategories } from './concerns.tables.js';

interface CategorySeed {
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  timeLimitDays: number;
  sortOrder: number;
}

/**
 * Writes categories a city does not have yet (by code), each with its handling limit as the engine reads it: the
 * city's case_time_limits row for the concern type, variant = the category's code, state `handling`.
 */
async function addCategories(tx: Tx, city: CityRef, seeds: readonly CategorySeed[]): Promise<number> {
  if (!seeds.length) return 0;
  const added = await tx
    .insert(concernCategories)
    .values(seeds.map((s) => ({ ...s, cityId: city.id })))
    .onConflictDoNothing({ target: [concernCategories.cityId, concernCategories.code] })
    .returning({ code: concernCategories.code, timeLimitDays: concernCategories.timeLimitDays });
  if (added.length) await setCityTimeLimits(tx, city.id, added.map((a) => ({ caseType: 'concern', variant: a.code, state: 'handling', workingDays: a.timeLimitDays })), null);
  return added.length;
}

/** The categories every city starts with (contracts/concerns.ts DEFAULT_CONCERN_CATEGORIES). */
export async function addDefaultCategories(tx: Tx, city: CityRef): Promise<number> {
  return addCategories(
    tx,
    city,
    DEFAULT_CONCERN_CATEGORIES.map((c, i) => ({ code: c.code, name: c.name, nameEn: c.nameEn, description: c.description, timeLimitDays: c.timeLimitDays, sortOrder: (i + 1) * 10 })),
  );
}

/**
 * A new city has the default categories from the start and copies another city's categories in use. Routing rules
 * name the other city's regions and departments, so they are not copied: the new city writes its own.
 */
export const concernsTemplate: CityTemplatePart = {
  label: { zh: '民情分类与办理时限', en: 'Concern categories and time limits' },
  async copy(tx, _ctx, from, to) {
    const theirs = await tx
      .select({ code: concernCategories.code, name: concernCategories.name, nameEn: concernCategories.nameEn, description: concernCategories.description, timeLimitDays: concernCategories.timeLimitDays, sortOrder: concernCategories.sortOrder })
      .from(concernCategories)
      .where(and(eq(concernCategories.cityId, from.id), isNull(concernCategories.retiredAt)));
    const copied = await addCategories(tx, to, theirs);
    return { copied, skipped: theirs.length - copied };
  },
  defaults: async (tx, city) => {
    await addDefaultCategories(tx, city);
  },
};
