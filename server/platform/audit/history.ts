import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../contracts/common.js';
import type { DbOrTx } from '../db/client.js';
import { readCursor } from '../http/cursor.js';
import { keysetPage } from '../http/paging.js';
import { auditEvents } from './audit.tables.js';

/**
 * One record's history as the audit trail holds it, newest first, in keyset pages by sequence number: for records
 * whose every change is an audit event (a region, a person of the workforce). The caller checks the record's reach.
 */
export async function entityHistoryPage(db: DbOrTx, entityType: string, entityId: string, input: { limit: number; cursor?: string }) {
  const after = readCursor(input.cursor, z.tuple([cursorPart.seq]));
  const where = and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId), after ? lt(auditEvents.seq, after[0]) : undefined);
  const found = await db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.seq)).limit(input.limit + 1);
  return keysetPage(found, input.limit, (e) => [Number(e.seq)]);
}
