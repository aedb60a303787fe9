import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { requirePermission } from '../../../platform/access/policy.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';

interface Row {
  project_id: string;
  number: string;
  title: string;
  state: 'assigned' | 'declared' | 'recused';
  project_state: string;
  bids: number;
  scored: number;
  open: 0 | 1;
  assigned_key: string;
}

/**
 * An expert's review assignments in keyset pages (an expert serves panel after panel, year after year): those still
 * to score first — the project procuring — then the latest assigned, so the reviews page's "to do" list comes whole
 * on its first pages.
 */
export async function findMyReviews(db: DbOrTx, ctx: RequestContext, input: { limit: number; cursor?: string }) {
  requirePermission(ctx.actor, 'bid.score');
  const after = readCursor(input.cursor, z.tuple([z.union([z.literal(0), z.literal(1)]), cursorPart.timestamp, cursorPart.uuid]));
  const open = sql`(c.state = 'procuring')::int`;
  const keyset = keysetAfter('desc', [open, sql`e.assigned_at`, sql`e.project_id`], after && [sql`${after[0]}::int`, sql`${after[1]}::timestamptz`, sql`${after[2]}::uuid`]);
  const found = await rows<Row>(
    db,
    sql`select e.project_id, c.number, c.title, e.state, c.state as project_state, ${open} as open, ${timestampKey(sql`e.assigned_at`)} as assigned_key,
               (select count(*)::int from project_bids b where b.project_id = e.project_id and b.state = 'submitted') as bids,
               (select count(*)::int from bid_scores s join project_bids b on b.id = s.bid_id where s.expert_id = e.user_id and b.project_id = e.project_id and b.state = 'submitted') as scored
        from project_experts e join cases c on c.id = e.project_id
        where e.user_id = ${ctx.actor!.userId} and ${keyset ?? sql`true`}
        order by ${open} desc, e.assigned_at desc, e.project_id desc
        limit ${input.limit + 1}`,
  );
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.open, r.assigned_key, r.project_id]);
  return { nextCursor, items: items.map((r) => ({ projectId: r.project_id, number: r.number, title: r.title, state: r.state, bidCount: r.bids, scoredCount: r.scored, projectState: r.project_state })) };
}
