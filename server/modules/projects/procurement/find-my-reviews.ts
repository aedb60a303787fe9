import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { projectBids, projectExperts } from '../projects.tables.js';
import { scoredBidsOf } from './procurement.js';

/**
 * An expert's review assignments in keyset pages (an expert serves panel after panel, year after year): those still
 * to score first — the project procuring — then the latest assigned, so the reviews page's "to do" list comes whole
 * on its first pages.
 */
export async function findMyReviews(db: DbOrTx, ctx: RequestContext, input: { limit: number; cursor?: string }) {
  requirePermission(ctx.actor, 'bid.score');
  const after = readCursor(input.cursor, z.tuple([z.union([z.literal(0), z.literal(1)]), cursorPart.timestamp, cursorPart.uuid]));
  const open = sql<0 | 1>`(${cases.state} = 'procuring')::int`.mapWith(Number);
  const keyset = keysetAfter('desc', [open, projectExperts.assignedAt, projectExperts.projectId], after && [sql`${after[0]}::int`, sql`${after[1]}::timestamptz`, sql`${after[2]}::uuid`]);
  // Selected over project_experts joined to cases, so the correlated counts' outer columns print qualified.
  const found = await db
    .select({
      projectId: projectExperts.projectId,
      number: cases.number,
      title: cases.title,
      state: projectExperts.state,
      projectState: cases.state,
      open,
      assignedKey: timestampKey(projectExperts.assignedAt),
      bidCount: sql<number>`(select count(*)::int from ${projectBids} where ${projectBids.projectId} = ${projectExperts.projectId} and ${projectBids.state} = 'submitted')`.mapWith(Number),
      scoredCount: scoredBidsOf(projectExperts),
    })
    .from(projectExperts)
    .innerJoin(cases, eq(cases.id, projectExperts.projectId))
    .where(and(eq(projectExperts.userId, ctx.actor!.userId), keyset))
    .orderBy(desc(open), desc(projectExperts.assignedAt), desc(projectExperts.projectId))
    .limit(input.limit + 1);
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.open, r.assignedKey, r.projectId]);
  return { nextCursor, items: items.map(({ open: _open, assignedKey: _key, ...r }) => ({ projectId: r.projectId, number: r.number, title: r.title, state: r.state, bidCount: r.bidCount, scoredCount: r.scoredCount, projectState: r.projectState })) };
}
