import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { workers } from '../workforce.tables.js';

/**
 * Makes an account the person's own (workers.user_id): the rotation then shows the person their assignments and
 * takes their field records. Only a person without an account yet; false when there was none to link. The demo
 * links its social worker's account this way; an office page for it is still to come.
 */
export async function linkWorkerAccount(tx: DbOrTx, workerId: string, userId: string): Promise<boolean> {
  const done = await tx.update(workers).set({ userId }).where(and(eq(workers.id, workerId), isNull(workers.userId))).returning({ id: workers.id });
  return done.length > 0;
}
