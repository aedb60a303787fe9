import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { ROLE_DEFINITIONS } from '../../../contracts/roles.js';
import { memberOrgIds, permissionsOf } from '../access/policy.js';
import { regionScopeWhere } from '../access/scope.js';
import { todayInChina } from '../calendar/calendar.js';
import type { Db } from '../db/client.js';
import type { Lang } from '../errors/messages.js';
import type { Actor } from '../http/context.js';
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

/** The cases waiting on the actor, overdue first, then by deadline. */
export async function findInbox(db: Db, actor: Actor, input: { caseType?: string; overdueOnly?: boolean; limit: number }, lang: Lang) {
  const today = todayInChina();
  const where: SQL[] = [isNull(caseAssignments.closedAt), isNull(cases.closedAt), awaitingActorWhere(actor)];
  if (input.caseType) where.push(eq(cases.caseType, input.caseType));
  if (input.overdueOnly) where.push(sql`${cases.dueOn} < ${today}`);
  const found = await db
    .select({ c: cases, task: caseAssignments.task })
    .from(caseAssignments)
    .innerJoin(cases, eq(cases.id, caseAssignments.caseId))
    .where(and(...where))
    .orderBy(sql`${cases.dueOn} asc nulls last`, asc(cases.createdAt), asc(cases.id))
    .limit(input.limit * 2);
  const seen = new Map<string, { c: (typeof found)[number]['c']; task: string }>();
  for (const r of found) {
    const prev = seen.get(r.c.id);
    if (prev) prev.task = prev.task.includes(r.task) ? prev.task : `${prev.task}；${r.task}`;
    else seen.set(r.c.id, { c: r.c, task: r.task });
  }
  const list = [...seen.values()].slice(0, input.limit);
  const summaries = await summarizeAll(db, list.map((x) => x.c), lang);
  return summaries.map((s, i) => ({ ...s, task: list[i].task }));
}
