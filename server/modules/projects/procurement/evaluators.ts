import { and, eq } from 'drizzle-orm';
import { roleGrants, users } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';

/** Active users holding the evaluator role: the pool the office picks a panel from. */
export async function listEvaluators(db: DbOrTx) {
  return db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(and(eq(roleGrants.role, 'evaluator'), eq(users.status, 'active')))
    .orderBy(users.displayName);
}
