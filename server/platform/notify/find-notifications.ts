import { and, count, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../contracts/common.js';
import type { Db } from '../db/client.js';
import { toIso } from '../db/sql.js';
import { readCursor } from '../http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../http/paging.js';
import { notifications } from './notify.tables.js';

/** A user's messages, newest first, in keyset pages, with the count of unread ones (the bell's badge). */
export async function findNotifications(db: Db, userId: string, input: { unreadOnly?: 'true' | 'false'; limit: number; cursor?: string }) {
  const after = readCursor(input.cursor, z.tuple([cursorPart.timestamp, cursorPart.uuid]));
  const found = await db
    .select({ ...getTableColumns(notifications), key: timestampKey(notifications.createdAt) })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        input.unreadOnly === 'true' ? isNull(notifications.readAt) : undefined,
        keysetAfter('desc', [notifications.createdAt, notifications.id], after && [sql`${after[0]}::timestamptz`, sql`${after[1]}::uuid`]),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit + 1);
  const [{ unread }] = await db.select({ unread: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  const { items, nextCursor } = keysetPage(found, input.limit, (m) => [m.key, m.id]);
  return {
    items: items.map((m) => ({ id: m.id, kind: m.kind, title: m.title, body: m.body, link: m.link, createdAt: toIso(m.createdAt)!, readAt: toIso(m.readAt) })),
    unread,
    nextCursor,
  };
}
