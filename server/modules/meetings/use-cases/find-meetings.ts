import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import type { ZMeetingQuery, ZPublicMeetingQuery } from '../../../../contracts/meetings.js';
import { portalCity } from '../../../platform/access/portal-city.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { meetingScope, PUBLISHED_MEETINGS, requireMeetingsRead } from '../meetings.policy.js';
import { presentMeetings } from '../meetings.presenter.js';
import { meetingFilters, meetingsOfCity, selectMeetingParts, selectMeetings } from '../meetings.queries.js';
import { projectMeetings } from '../meetings.tables.js';

/** One keyset page of meetings in start order (`asc` for the calendar, `desc` for the portal), the id breaking ties. */
async function pageOfMeetings(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZMeetingQuery>, direction: 'asc' | 'desc', scope: SQL) {
  const after = readCursor(input.cursor, z.tuple([cursorPart.timestamp, cursorPart.uuid]));
  const where = [scope];
  const keyset = keysetAfter(direction, [projectMeetings.startsAt, projectMeetings.id], after && [sql`${after[0]}::timestamptz`, sql`${after[1]}::uuid`]);
  if (keyset) where.push(keyset);
  const order = direction === 'asc' ? sql`${projectMeetings.startsAt}, ${projectMeetings.id}` : sql`${projectMeetings.startsAt} desc, ${projectMeetings.id} desc`;
  const found = await selectMeetings(db, [...where, ...meetingFilters(input)], order, input.limit + 1);
  const { items, nextCursor } = keysetPage(found, input.limit, (m) => [m.startsKey, m.id]);
  return { items: presentMeetings(items, await selectMeetingParts(db, items), ctx.lang), nextCursor };
}

/** The meetings calendar for staff (office, departments, auditors), in start order, in keyset pages. */
export async function listMeetings(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZMeetingQuery>) {
  requireMeetingsRead(ctx.actor);
  return pageOfMeetings(db, ctx, input, 'asc', meetingScope(ctx.actor));
}

/** Published meetings, for the public portal: the latest first, in keyset pages; one city's with `city`. */
export async function listPublicMeetings(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZPublicMeetingQuery>) {
  const city = await portalCity(db, input.city);
  return pageOfMeetings(db, ctx, input, 'desc', city ? sql`(${PUBLISHED_MEETINGS} and ${meetingsOfCity(city.path)})` : PUBLISHED_MEETINGS);
}
