import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { users } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { projectFor } from '../project.policy.js';
import { supervisionVisits } from '../projects.tables.js';
import { presentVisits, VISIT_FIELDS } from './supervision.shared.js';

/**
 * A project's supervision visits, the latest visit first (then the latest recorded), each with its rectification
 * items, in keyset pages: visits go on over the whole contract term. The use cases that read back what they wrote
 * keep the whole list (listVisits).
 */
export async function findVisits(db: DbOrTx, ctx: RequestContext, projectId: string, input: { limit: number; cursor?: string }) {
  await projectFor(db, ctx, projectId);
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.timestamp, cursorPart.uuid]));
  const keyset = keysetAfter('desc', [supervisionVisits.visitedOn, supervisionVisits.createdAt, supervisionVisits.id], after && [sql`${after[0]}::date`, sql`${after[1]}::timestamptz`, sql`${after[2]}::uuid`]);
  const found = await db
    .select({ ...VISIT_FIELDS, createdKey: timestampKey(supervisionVisits.createdAt) })
    .from(supervisionVisits)
    .innerJoin(users, eq(users.id, supervisionVisits.supervisorId))
    .where(and(eq(supervisionVisits.projectId, projectId), keyset))
    .orderBy(desc(supervisionVisits.visitedOn), desc(supervisionVisits.createdAt), desc(supervisionVisits.id))
    .limit(input.limit + 1);
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.visitedOn, r.createdKey, r.id]);
  return { nextCursor, items: await presentVisits(db, ctx, projectId, items) };
}
