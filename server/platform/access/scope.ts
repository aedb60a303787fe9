import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Permission } from '../../../contracts/roles.js';
import type { Actor } from '../http/context.js';
import { departmentReach, regionReach } from './policy.js';
import { departmentNames } from './names.js';
import type { DbOrTx } from '../db/client.js';
import { inSubtree } from '../db/sql.js';

/** The actor's reach for `permission` as a WHERE clause over a region path column. */
export function regionScopeWhere(actor: Actor | null, permission: Permission, pathColumn: AnyColumn | SQL): SQL {
  const reach = regionReach(actor, permission);
  if (reach.all) return sql`true`;
  if (reach.paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    reach.paths.map((p) => inSubtree(pathColumn, p)),
    sql` or `,
  )})`;
}

/**
 * The actor's department reach for `permission` as a WHERE clause over a department id column. A reach that covers
 * every department there is (a city's office in an installation of one city) is `true`, not a list of them: over
 * 100,000 projects an IN list that every row passes still costs the planner its ordered index scan.
 */
export async function departmentScopeWhere(db: DbOrTx, actor: Actor | null, permission: Permission, departmentColumn: AnyColumn | SQL): Promise<SQL> {
  const reach = departmentReach(actor, permission);
  if (reach.all) return sql`true`;
  if (!reach.departmentIds.length) return sql`false`;
  const every = await departmentNames(db);
  const mine = new Set(reach.departmentIds);
  if ([...every.keys()].every((id) => mine.has(id))) return sql`true`;
  return sql`${departmentColumn} in (${sql.join(
    reach.departmentIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}
