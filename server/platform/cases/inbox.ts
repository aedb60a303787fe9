import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../contracts/common.js';
import { readCursor } from '../http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../http/paging.js';
import { ROLE_DEFINITIONS } from '../../../contracts/roles.js';
import { memberOrgIds, permissionsOf } from '../access/policy.js';
import { regionScopeWhere } from '../access/scope.js';
import { todayInChina } from '../calendar/calendar.js';
import type { Db } from '../db/client.js';
import type { Lang } from '../errors/messages.js';
import { labelOf, type Actor } from '../http/context.js';
import { caseTypeOf } from './define.js';
import { caseAssignments, cases } from './cases.tables.js';
import { summarizeAll } from './present.js';

/** The open assignments that are the actor's to act on, as one WHERE clause. */
export function awaitingActorWhere(actor: Actor): SQL {
  const parts: SQL[] = [];
  const orgIds = memberOrgIds(actor);
  parts.push(
    sql`(${caseAssignments.kind} = 'owner' and (${cases.ownerUserId} = ${actor.userId}${orgIds.length ? sql` or ${cases.orgId} in (${sql.join(orgIds.map((o) => sql`${o}::uuid`), sql`, `)})` : sql``}))`,
  );
  for (const g of actor.grants) {
    if (!g.departmentId) continue;
    const perms = ROLE_DEFINITIONS[g.role].permissions;
    if (perms.length === 0) continue;
    parts.push(sql`(${caseAssignments.kind} = 'department' and ${caseAssignments.departmentId} = ${g.departmentId} and ${caseAssignments.permission} in (${sql.join(perms.map((p) => sql`${p}`), sql`, `)}))`);
  }
  for (const p of permissionsOf(actor)) {
    const scope = regionScopeWhere(actor, p, cases.regionPath);
    parts.push(sql`(${caseAssignments.kind} = 'permission' and ${caseAssignments.permission} = ${p} and ${scope})`);
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** A case without a deadline sorts after every dated one (a date PostgreSQL can compare, unlike NULL). */
const NO_DEADLINE = '9999-12-31';

/**
 * The cases waiting on the actor — overdue first, then by deadline, then the oldest — in keyset pages. A case the
 * actor is awaited on twice (two assignments) is one row, with both tasks.
 */
export async function findInbox(db: Db, actor: Actor, input: { caseType?: string; overdueOnly?: boolean; limit: number; cursor?: string }, lang: Lang) {
  const today = todayInChina();
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.timestamp, cursorPart.uuid]));
  const awaiting = and(eq(caseAssignments.caseId, cases.id), isNull(caseAssignments.closedAt), awaitingActorWhere(actor));
  const deadline = sql<string>`coalesce(${cases.dueOn}, ${NO_DEADLINE}::date)`;
  const found = await db
    .select({ c: cases, createdKey: timestampKey(cases.createdAt), task: sql<string>`(select string_agg(distinct ${caseAssignments.task}, '；') from ${caseAssignments} where ${awaiting})` })
    .from(cases)
    .where(
      and(
        isNull(cases.closedAt),
        sql`exists (select 1 from ${caseAssignments} where ${awaiting})`,
        input.caseType ? eq(cases.caseType, input.caseType) : undefined,
        input.overdueOnly ? sql`${cases.dueOn} < ${today}` : undefined,
        keysetAfter('asc', [deadline, cases.createdAt, cases.id], after && [sql`${after[0]}::date`, sql`${after[1]}::timestamptz`, sql`${after[2]}::uuid`]),
      ),
    )
    .orderBy(deadline, asc(cases.createdAt), asc(cases.id))
    .limit(input.limit + 1);
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.c.dueOn ?? NO_DEADLINE, r.createdKey, r.c.id]);
  const summaries = await summarizeAll(db, items.map((x) => x.c), lang);
  return { items: summaries.map((s, i) => ({ ...s, task: items[i].task })), nextCursor };
}

/** What waits on the actor, counted: all, overdue, and per case type (the workbench's headline). */
export async function countInbox(db: Db, actor: Actor, lang: Lang) {
  const today = todayInChina();
  const awaiting = and(eq(caseAssignments.caseId, cases.id), isNull(caseAssignments.closedAt), awaitingActorWhere(actor));
  const rows = await db
    .select({ caseType: cases.caseType, count: sql<number>`count(*)::int`, overdue: sql<number>`(count(*) filter (where ${cases.dueOn} < ${today}))::int` })
    .from(cases)
    .where(and(isNull(cases.closedAt), sql`exists (select 1 from ${caseAssignments} where ${awaiting})`))
    .groupBy(cases.caseType);
  const byType = rows
    .map((r) => ({ caseType: r.caseType, caseTypeName: labelOf(caseTypeOf(r.caseType).names, lang), count: r.count, overdue: r.overdue }))
    .sort((a, b) => b.overdue - a.overdue || b.count - a.count);
  return { total: byType.reduce((n, r) => n + r.count, 0), overdue: byType.reduce((n, r) => n + r.overdue, 0), byType };
}
