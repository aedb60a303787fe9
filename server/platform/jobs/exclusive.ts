import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { rows } from '../db/sql.js';

/**
 * Runs `work` only if no other instance is running the same job: a transaction-scoped PostgreSQL
 * advisory lock, tried without waiting. With several app instances exactly one does each run.
 */
export async function runExclusive<T>(db: Db, jobKey: number, work: (tx: Tx) => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
  return db.transaction(async (tx) => {
    const [{ ok }] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${jobKey}) as ok`);
    if (!ok) return { ran: false as const };
    return { ran: true as const, result: await work(tx) };
  });
}
