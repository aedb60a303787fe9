import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { notFound } from '../errors/app-error.js';
import type { CityRef } from './cities.js';
import { regions } from './scope.tables.js';

/**
 * The city a public page names by its division code (`?city=330483`), for a public list to keep to its subtree
 * (inSubtree over the records' region paths). No code, no city: the list answers for every city. A code no city in
 * service has is a 404, as an unknown record is — not an empty list, which would read as "this city has none".
 */
export async function portalCity(db: DbOrTx, code: string | undefined): Promise<CityRef | undefined> {
  if (code === undefined) return undefined;
  const [city] = await db
    .select({ id: regions.id, name: regions.name, code: regions.code, path: regions.path })
    .from(regions)
    .where(and(eq(regions.level, 'city'), eq(regions.code, code), isNull(regions.retiredAt)))
    .limit(1);
  if (!city) throw notFound('city');
  return city;
}
