import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { PROJECT_STATE_NAMES } from '../../../../contracts/projects/lifecycle.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { caseParticipants, cases } from '../../../platform/cases/cases.tables.js';
import { toIso } from '../../../platform/db/sql.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectStateOf } from '../project.policy.js';
import { rectifications, serviceProjects, supervisionVisits } from '../projects.tables.js';
import { SUPERVISE } from './supervision.shared.js';

/** A supervisor's worklist: the projects they are named on, what waits on them first, in keyset pages. */
export async function mySupervisions(db: DbOrTx, ctx: RequestContext, input: { limit: number; cursor?: string }) {
  requirePermission(ctx.actor, SUPERVISE);
  const today = todayInChina();
  // Every key runs down, so the cursor is one row value: open before closed, then what waits on the supervisor.
  const after = readCursor(input.cursor, z.tuple([cursorPart.int, cursorPart.int, cursorPart.int, cursorPart.timestamp, cursorPart.uuid]));
  const count = (table: typeof supervisionVisits | typeof rectifications, where: SQL) => sql<number>`(select count(*)::int from ${table} where ${where})`;
  const w = db
    .select({
      projectId: sql<string>`${cases.id}`.as('project_id'),
      isOpen: sql<number>`(${cases.closedAt} is null)::int`.as('is_open'),
      assignedKey: timestampKey(caseParticipants.addedAt).as('assigned_key'),
      number: cases.number,
      title: cases.title,
      state: cases.state,
      departmentName: sql<string>`${departments.shortName}`.as('department_name'),
      providerName: sql<string | null>`${orgDirectory.name}`.as('provider_name'),
      assignedAt: caseParticipants.addedAt,
      visits: count(supervisionVisits, sql`${supervisionVisits.projectId} = ${cases.id}`).as('visits'),
      lastVisitOn: sql<string | null>`(select max(${supervisionVisits.visitedOn})::text from ${supervisionVisits} where ${supervisionVisits.projectId} = ${cases.id})`.as('last_visit_on'),
      openItems: count(rectifications, sql`${rectifications.projectId} = ${cases.id} and ${rectifications.state} = 'open'`).as('open_items'),
      overdueItems: count(rectifications, sql`${rectifications.projectId} = ${cases.id} and ${rectifications.state} <> 'closed' and ${rectifications.dueOn} < ${today}`).as('overdue_items'),
      awaiting: count(rectifications, sql`${rectifications.projectId} = ${cases.id} and ${rectifications.state} = 'submitted'`).as('awaiting'),
    })
    .from(caseParticipants)
    .innerJoin(cases, eq(cases.id, caseParticipants.caseId))
    .innerJoin(serviceProjects, eq(serviceProjects.caseId, cases.id))
    .innerJoin(departments, eq(departments.id, serviceProjects.departmentId))
    .leftJoin(orgDirectory, eq(orgDirectory.id, serviceProjects.providerOrgId))
    .where(and(eq(caseParticipants.userId, ctx.actor!.userId), eq(caseParticipants.permission, SUPERVISE), isNull(caseParticipants.removedAt)))
    .as('w');
  const keyset = keysetAfter(
    'desc',
    [w.isOpen, w.awaiting, w.overdueItems, w.assignedAt, w.projectId],
    after && [sql`${after[0]}::int`, sql`${after[1]}::int`, sql`${after[2]}::int`, sql`${after[3]}::timestamptz`, sql`${after[4]}::uuid`],
  );
  const found = await db
    .select()
    .from(w)
    .where(keyset)
    .orderBy(desc(w.isOpen), desc(w.awaiting), desc(w.overdueItems), desc(w.assignedAt), desc(w.projectId))
    .limit(input.limit + 1);
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.isOpen, r.awaiting, r.overdueItems, r.assignedKey, r.projectId]);
  return {
    nextCursor,
    items: items.map((r) => {
      const state = projectStateOf(r.state);
      return {
        projectId: r.projectId,
        number: r.number,
        title: r.title,
        state,
        stateName: labelOf(PROJECT_STATE_NAMES[state], ctx.lang) ?? state,
        departmentName: r.departmentName,
        providerName: r.providerName,
        assignedAt: toIso(r.assignedAt)!,
        visits: r.visits,
        lastVisitOn: r.lastVisitOn,
        openRectifications: r.openItems,
        overdueRectifications: r.overdueItems,
        awaitingReview: r.awaiting,
      };
    }),
  };
}
