import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ZApplicationListQuery } from '../../../../contracts/applications.js';
import { cursorPart } from '../../../../contracts/common.js';
import { todayInChina, workingDaysLeft } from '../../../platform/calendar/calendar.js';
import type { Db } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { visibleApplicationsWhere } from '../applications.policy.js';
import { presentApplicationSummary } from '../applications.presenter.js';
import { APPLICATION_LIST_KEY, applicationFilters, selectApplicationSummaries } from '../applications.queries.js';

/** The applications the caller may see (or only their own), newest first, in keyset pages. */
export async function findApplications(db: Db, ctx: RequestContext, input: z.infer<typeof ZApplicationListQuery>) {
  const actor = ctx.actor!;
  const today = todayInChina();
  const where = [visibleApplicationsWhere(actor, !!input.mine), ...applicationFilters(input, today)];
  const after = readCursor(input.cursor, z.tuple([cursorPart.timestamp, cursorPart.uuid]));
  const keyset = keysetAfter('desc', APPLICATION_LIST_KEY, after && [sql`${after[0]}::timestamptz`, sql`${after[1]}::uuid`]);
  if (keyset) where.push(keyset);
  const found = await selectApplicationSummaries(db, where, input.limit + 1);
  const { items: page, nextCursor } = keysetPage(found, input.limit, (r) => [r.createdKey, r.id]);
  const left = await workingDaysLeft(db, page.map((r) => (r.closedAt ? null : r.dueOn)), today);
  return { items: page.map((r) => presentApplicationSummary(r, left, today, ctx.lang)), nextCursor };
}
