import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import { concernRoutingRules } from './concerns.tables.js';
import { addDefaultCategories } from './concerns.template.js';

/**
 * Haining's concern settings: the default categories with their limits, and routing rules as a city would write
 * them — safety hazards to the Emergency Management Bureau, hardship to Civil Affairs, care for the elderly to each
 * town's social work station; everything else goes to the town of the place.
 */
export async function seedHainingConcerns(tx: Tx): Promise<Record<string, number>> {
  const [city] = await rows<{ id: string; name: string; code: string; path: string }>(tx, sql`select id::text as id, name, code, path from regions where level = 'city' and code = '330481'`);
  const categories = await addDefaultCategories(tx, city);
  const departments = await rows<{ id: string; short_name: string }>(tx, sql`select id::text as id, short_name from departments where city_id = ${city.id}::uuid and short_name in ('应急管理局', '民政局')`);
  const dept = (short: string) => departments.find((d) => d.short_name === short)?.id ?? null;
  const rules = [
    { categoryCode: 'safety', target: 'department' as const, departmentId: dept('应急管理局') },
    { categoryCode: 'hardship', target: 'department' as const, departmentId: dept('民政局') },
    { categoryCode: 'elderly', target: 'station' as const, departmentId: null },
  ].filter((r) => r.target !== 'department' || r.departmentId);
  await tx.insert(concernRoutingRules).values(rules.map((r) => ({ ...r, cityId: city.id, regionId: null })));
  return { concernCategories: categories, concernRoutingRules: rules.length };
}
