import { and, eq } from 'drizzle-orm';
import { requirePermission } from '../../../platform/access/policy.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { roleGrants, users } from '../../../platform/auth/auth.tables.js';
import type { RequestContext } from '../../../platform/http/context.js';

/** The pool the office picks from: active users holding the supervisor role. */
export async function supervisorCandidates(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.manage');
  return db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(and(eq(roleGrants.role, 'supervisor'), eq(users.status, 'active')))
    .orderBy(users.displayName);
}
