import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { projectFor } from '../project.policy.js';
import { presentVisits, type VisitRow } from './supervision.js';

/**
 * A project's supervision visits, the latest visit first (then the latest recorded), each with its rectification
 * items, in keyset pages: visits go on over the whole contract term. The use cases that read back what they wrote
 * keep the whole list (listVisits).
 */
export async function findVisits(db: DbOrTx, ctx: RequestContext, projectId: string, input: { limit: number; cursor?: string }) {
  await projectFor(db, ctx, projectId);
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.timestamp, cursorPart.uuid]));
  const keyset = keysetAfter('desc', [sql`v.visited_on`, sql`v.created_at`, sql`v.id`], after && [sql`${after[0]}::date`, sql`${after[1]}::timestamptz`, sql`${after[2]}::uuid`]);
  const found = await rows<VisitRow & { created_key: string }>(
    db,
    sql`select v.id, v.kind, v.visited_on::text, v.findings, v.result, u.display_name as supervisor_name, ${timestampKey(sql`v.created_at`)} as created_key
        from supervision_visits v join users u on u.id = v.supervisor_id
        where v.project_id = ${projectId} and ${keyset ?? sql`true`}
        order by v.visited_on desc, v.created_at desc, v.id desc
        limit ${input.limit + 1}`,
  );
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.visited_on, r.created_key, r.id]);
  return { nextCursor, items: await presentVisits(db, ctx, projectId, items) };
}
