import { sql, type SQL } from 'drizzle-orm';
import { requirePermission, requireRegionReach } from '../../platform/access/policy.js';
import { departmentScopeWhere, regionScopeWhere } from '../../platform/access/scope.js';
import type { DbOrTx } from '../../platform/db/client.js';
import type { Actor } from '../../platform/http/context.js';
import { concerns } from './concerns.tables.js';

/*
 * Who sees and does what with a concern (issue 17 §4). Reading: concern.read over the place's region — the office
 * its city, a town and its station their town, a social worker their town, community or grids, the auditor all —
 * and a department the concerns routed to it. Raising: concern.raise over the place (a collector in their grids).
 * Acting on a concern is the case engine's business (concern.case.ts declares who fires what); a concern out of reach
 * answers 404 like a missing one. The public raise, follow and rate without an account: the tracking number is the
 * resident's proof, the page never shows their phone or name, and the text they see is masked (moderation.ts).
 */

export function requireConcernRead(actor: Actor | null): Actor {
  return requirePermission(actor, 'concern.read');
}

/** The concerns the caller may list: by the place's region, or routed to one of their departments. */
export async function concernScope(db: DbOrTx, actor: Actor): Promise<SQL> {
  const byRegion = regionScopeWhere(actor, 'concern.read', sql`${concerns.regionPath}`);
  const byDepartment = await departmentScopeWhere(db, actor, 'concern.read', sql`${concerns.responsibleDepartmentId}`);
  return sql`(${byRegion} or (${concerns.responsibleDepartmentId} is not null and ${byDepartment}))`;
}

/** Raising a concern at a place: concern.raise over it (404 for a place out of reach, as for a missing one). */
export function requireRaiseAt(actor: Actor | null, placePath: string): Actor {
  const a = requirePermission(actor, 'concern.raise');
  requireRegionReach(a, 'concern.raise', placePath, 'region');
  return a;
}
