import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';

export interface OcdsOffice {
  /** The department row when the data has one; null when only the city's name could be found. */
  departmentId: string | null;
  name: string;
  /** The city's division code, for an identifier when there is no department row. */
  cityCode: string | null;
}

/**
 * The Social Work Office, which publishes the data, runs the unified procurement and makes the unified
 * payments. Found in the data, not named in code: the party-committee department whose name carries 社会工作
 * (中共海宁市委社会工作委员会办公室; elsewhere a 社会工作部), else a name made from the city's region
 * (海宁市 → 海宁市委社会工作委员会办公室).
 */
export async function findOffice(db: DbOrTx): Promise<OcdsOffice> {
  const [dept] = await rows<{ id: string; name: string }>(
    db,
    sql`select id, name from departments where retired_at is null and kind = 'party' and name like '%社会工作%' order by sort_order, name limit 1`,
  );
  const [city] = await rows<{ name: string; code: string }>(db, sql`select name, code from regions where level = 'city' and retired_at is null order by depth, code limit 1`);
  if (dept) return { departmentId: dept.id, name: dept.name, cityCode: city?.code ?? null };
  return { departmentId: null, name: `${city?.name ?? ''}委社会工作委员会办公室`.replace(/^委/, ''), cityCode: city?.code ?? null };
}
