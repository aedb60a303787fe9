import { and, desc, eq, exists, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { PROJECT_STATE_NAMES } from '../../../../contracts/projects/lifecycle.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { addParticipants, listParticipants, removeParticipant } from '../../../platform/cases/participants.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { roleGrants, users } from '../../../platform/auth/auth.tables.js';
import { caseParticipants, cases } from '../../../platform/cases/cases.tables.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectFor, projectStateOf, requireState, SUPERVISOR_ASSIGNABLE_STATES } from '../project.policy.js';
import { rectifications, serviceProjects, supervisionVisits } from '../projects.tables.js';

/**
 * Third-party supervisors: the office contracts a supervision agency and names its people on projects.
 * A named supervisor sees those projects (through case participants) and records visits and reviews
 * rectifications on them, nothing else.
 */

const SUPERVISE = 'project.supervise' as const;

/** The user holds the third-party supervisor role (on any scope). */
const holdsSupervisorRole = (db: DbOrTx, userId: typeof users.id | typeof caseParticipants.userId) =>
  exists(db.select({ one: sql`1` }).from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'supervisor'))));

export async function assignSupervisors(db: Db, ctx: RequestContext, projectId: string, userIds: string[]) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const { c, office } = await projectFor(tx, ctx, projectId, tx);
    if (!office) throw new AppError('forbidden', {}, undefined, { denied: true });
    requireState(c, SUPERVISOR_ASSIGNABLE_STATES, '确定承接方之后、结项之前的项目才能指派第三方督导。', 'A third-party supervisor can be assigned only after the provider is confirmed and before the project closes.');
    const ids = [...new Set(userIds)];
    const found = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.status, 'active'), inArray(users.id, ids), holdsSupervisorRole(tx, users.id)));
    if (found.length !== ids.length) throw new AppError('validation', {}, [{ path: 'userIds', message: '所选人员不是在册的第三方督导人员', messageEn: 'Not every user is an active third-party supervisor' }]);
    const added = await addParticipants(tx, projectId, ids, SUPERVISE, ctx.actor!.userId);
    await appendAudit(tx, ctx, { action: 'project.assignSupervisors', permission: 'project.manage', entityType: 'case', entityId: projectId, detail: { added } });
    await notifyUsers(tx, added, {
      kind: 'project.supervisorAssigned',
      title: `督导任务：${c.title}`,
      body: `社工办指派您担任项目 ${c.number} 的第三方督导。请按计划开展督导走访，记录督导结果并跟踪整改。`,
      link: `/projects/${projectId}`,
      caseId: projectId,
    });
    return listParticipants(tx, projectId, SUPERVISE);
  });
}

export async function removeSupervisor(db: Db, ctx: RequestContext, projectId: string, userId: string) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const { c, office } = await projectFor(tx, ctx, projectId, tx);
    if (!office) throw new AppError('forbidden', {}, undefined, { denied: true });
    if (!(await removeParticipant(tx, projectId, userId, SUPERVISE, ctx.actor!.userId))) throw notFound('supervisor');
    await appendAudit(tx, ctx, { action: 'project.removeSupervisor', permission: 'project.manage', entityType: 'case', entityId: projectId, detail: { userId } });
    await notifyUsers(tx, [userId], { kind: 'project.supervisorRemoved', title: `督导任务已撤销：${c.title}`, body: `社工办已撤销您在项目 ${c.number} 的第三方督导任务。`, link: '/supervision', caseId: projectId });
    return listParticipants(tx, projectId, SUPERVISE);
  });
}

/** Whoever may see the project may see who supervises it (the provider expects the visit). */
export async function supervisorsFor(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await projectFor(db, ctx, projectId);
  return listParticipants(db, projectId, SUPERVISE);
}

/** The pool the office picks from: active users holding the supervisor role. */
export async function supervisorCandidates(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.manage');
  return db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(and(eq(roleGrants.role, 'supervisor'), eq(users.status, 'active')))
    .orderBy(users.displayName);
}

/** Supervisors to tell about a project's rectifications (only those who still hold the role). */
export async function supervisorIdsOf(db: DbOrTx, projectId: string): Promise<string[]> {
  const found = await db
    .select({ userId: caseParticipants.userId })
    .from(caseParticipants)
    .innerJoin(users, eq(users.id, caseParticipants.userId))
    .where(
      and(
        eq(caseParticipants.caseId, projectId),
        eq(caseParticipants.permission, SUPERVISE),
        isNull(caseParticipants.removedAt),
        eq(users.status, 'active'),
        holdsSupervisorRole(db, caseParticipants.userId),
      ),
    );
  return found.map((r) => r.userId);
}

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
