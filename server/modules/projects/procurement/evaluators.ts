import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';

/** Active users holding the evaluator role: the pool the office picks a panel from. */
export async function listEvaluators(db: DbOrTx) {
  const found = await rows<{ id: string; display_name: string }>(
    db,
    sql`select distinct u.id, u.display_name from users u join role_grants g on g.user_id = u.id where g.role = 'evaluator' and u.status = 'active' order by u.display_name`,
  );
  return found.map((u) => ({ id: u.id, name: u.display_name }));
}
