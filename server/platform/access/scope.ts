import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Permission } from '../../../contracts/roles.js';
import type { Actor } from '../http/context.js';
import { regionReach } from './policy.js';
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
