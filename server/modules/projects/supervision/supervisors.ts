import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { PROJECT_STATE_NAMES, type ProjectState } from '../../../../contracts/projects/lifecycle.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { addParticipants, listParticipants, removeParticipant } from '../../../platform/cases/participants.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { projectFor, requireState, SUPERVISOR_ASSIGNABLE_STATES } from '../project.policy.js';

/**
 * Third-party supervisors: the office contracts a supervision agency and names its people on projects.
 * A named supervisor sees those projects (through case participants) and records visits and reviews
 * rectifications on them, nothing else.
 */

const SUPERVISE = 'project.supervise' as const;
export async function assignSupervisors(db: Db, ctx: RequestContext, projectId: string, userIds: string[]) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const { c, office } = await projectFor(tx, ctx, projectId, tx);
    if (!office) throw new AppError('forbidden', {}, undefined, { denied: true });
    requireState(c, SUPERVISOR_ASSIGNABLE_STATES, '确定承接方之后、结项之前的项目才能指派第三方督导。', 'A third-party supervisor can be assigned only after the provider is confirmed and before the project closes.');
    const ids = [...new Set(userIds)];
    const found = await rows<{ id: string }>(
      tx,
      sql`select u.id from users u where u.status = 'active' and u.id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})
          and exists (select 1 from role_grants g where g.user_id = u.id and g.role = 'supervisor')`,
    );
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
  return rows<{ id: string; name: string }>(
    db,
    sql`select distinct u.id, u.display_name as name from users u join role_grants g on g.user_id = u.id where g.role = 'supervisor' and u.status = 'active' order by u.display_name`,
  );
}

/** Supervisors to tell about a project's rectifications (only those who still hold the role). */
export async function supervisorIdsOf(db: DbOrTx, projectId: string): Promise<string[]> {
  const found = await rows<{ user_id: string }>(
    db,
    sql`select p.user_id from case_participants p join users u on u.id = p.user_id
        where p.case_id = ${projectId} and p.permission = ${SUPERVISE} and p.removed_at is null and u.status = 'active'
          and exists (select 1 from role_grants g where g.user_id = p.user_id and g.role = 'supervisor')`,
  );
  return found.map((r) => r.user_id);
}

/** A supervisor's worklist: the projects they are named on, what waits on them first, in keyset pages. */
export async function mySupervisions(db: DbOrTx, ctx: RequestContext, input: { limit: number; cursor?: string }) {
  requirePermission(ctx.actor, SUPERVISE);
  const today = todayInChina();
  // Every key runs down, so the cursor is one row value: open before closed, then what waits on the supervisor.
  const after = readCursor(input.cursor, z.tuple([cursorPart.int, cursorPart.int, cursorPart.int, cursorPart.timestamp, cursorPart.uuid]));
  const keyset = keysetAfter(
    'desc',
    [sql`is_open`, sql`awaiting`, sql`overdue_items`, sql`assigned_at`, sql`project_id`],
    after && [sql`${after[0]}::int`, sql`${after[1]}::int`, sql`${after[2]}::int`, sql`${after[3]}::timestamptz`, sql`${after[4]}::uuid`],
  );
  const found = await rows<{
    project_id: string;
    number: string;
    title: string;
    state: ProjectState;
    department_name: string;
    provider_name: string | null;
    assigned_at: Date | string;
    visits: number;
    last_visit_on: string | null;
    open_items: number;
    overdue_items: number;
    awaiting: number;
    is_open: number;
    assigned_key: string;
  }>(
    db,
    sql`select * from (select c.id as project_id, (c.closed_at is null)::int as is_open, ${timestampKey(sql`pa.added_at`)} as assigned_key, c.number, c.title, c.state, d.short_name as department_name, o.name as provider_name, pa.added_at as assigned_at,
               (select count(*)::int from supervision_visits v where v.project_id = c.id) as visits,
               (select max(v.visited_on)::text from supervision_visits v where v.project_id = c.id) as last_visit_on,
               (select count(*)::int from rectifications r where r.project_id = c.id and r.state = 'open') as open_items,
               (select count(*)::int from rectifications r where r.project_id = c.id and r.state <> 'closed' and r.due_on < ${today}) as overdue_items,
               (select count(*)::int from rectifications r where r.project_id = c.id and r.state = 'submitted') as awaiting
        from case_participants pa
        join cases c on c.id = pa.case_id
        join service_projects p on p.case_id = c.id
        join departments d on d.id = p.department_id
        left join org_directory o on o.id = p.provider_org_id
        where pa.user_id = ${ctx.actor!.userId} and pa.permission = ${SUPERVISE} and pa.removed_at is null) w
        where ${keyset ?? sql`true`}
        order by is_open desc, awaiting desc, overdue_items desc, assigned_at desc, project_id desc
        limit ${input.limit + 1}`,
  );
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.is_open, r.awaiting, r.overdue_items, r.assigned_key, r.project_id]);
  return {
    nextCursor,
    items: items.map((r) => ({
    projectId: r.project_id,
    number: r.number,
    title: r.title,
    state: r.state,
    stateName: labelOf(PROJECT_STATE_NAMES[r.state], ctx.lang) ?? r.state,
    departmentName: r.department_name,
    providerName: r.provider_name,
    assignedAt: toIso(r.assigned_at)!,
    visits: r.visits,
    lastVisitOn: r.last_visit_on,
    openRectifications: r.open_items,
    overdueRectifications: r.overdue_items,
    awaitingReview: r.awaiting,
  })),
  };
}
