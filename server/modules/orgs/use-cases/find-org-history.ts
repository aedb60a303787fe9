import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { orgChanges } from '../orgs.tables.js';

/** An org's record history, newest first (the last change is what a clerk asks about), in keyset pages. */
export async function findOrgHistory(db: DbOrTx, orgId: string, input: { limit: number; cursor?: string }) {
  const after = readCursor(input.cursor, z.tuple([cursorPart.timestamp, cursorPart.uuid]));
  const found = await db
    .select({ ...getTableColumns(orgChanges), key: timestampKey(orgChanges.occurredAt) })
    .from(orgChanges)
    .where(and(eq(orgChanges.orgId, orgId), keysetAfter('desc', [orgChanges.occurredAt, orgChanges.id], after && [sql`${after[0]}::timestamptz`, sql`${after[1]}::uuid`])))
    .orderBy(desc(orgChanges.occurredAt), desc(orgChanges.id))
    .limit(input.limit + 1);
  return keysetPage(found, input.limit, (h) => [h.key, h.id]);
}
