import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { AppError } from '../errors/app-error.js';
import type { Lang } from '../errors/messages.js';
import type { Actor } from '../http/context.js';
import { loadVisibleCase } from './engine.js';
import { caseSteps, cases } from './cases.tables.js';
import { summarizeAll } from './present.js';

/**
 * The cases the actor last acted on (filed, decided, answered …), newest first, as summaries with when they last
 * acted. Only those they may still see: a grant revoked since then hides the case like any other (404 rule), so a
 * few more are read than shown.
 */
export async function findRecentCases(db: Db, actor: Actor, lang: Lang, limit = 8) {
  const mine = db
    .select({ caseId: caseSteps.caseId, lastActedAt: sql<string>`max(${caseSteps.occurredAt})`.as('last_acted_at') })
    .from(caseSteps)
    .where(eq(caseSteps.actorUserId, actor.userId))
    .groupBy(caseSteps.caseId)
    .orderBy(desc(sql`max(${caseSteps.occurredAt})`))
    .limit(limit * 2)
    .as('mine');
  const found = await db.select({ c: cases, lastActedAt: mine.lastActedAt }).from(mine).innerJoin(cases, eq(cases.id, mine.caseId)).orderBy(desc(mine.lastActedAt));
  const visible: typeof found = [];
  for (const row of found) {
    if (visible.length === limit) break;
    try {
      await loadVisibleCase(db, actor, row.c.id);
      visible.push(row);
    } catch (e) {
      // Out of the actor's sight now: left out, as the case itself would answer 404.
      if (!(e instanceof AppError && e.code === 'not_found')) throw e;
    }
  }
  const summaries = await summarizeAll(db, visible.map((r) => r.c), lang);
  return summaries.map((s, i) => ({ ...s, lastActedAt: new Date(visible[i].lastActedAt).toISOString() }));
}
