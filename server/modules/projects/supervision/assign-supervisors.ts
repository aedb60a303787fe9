import { and, eq, inArray } from 'drizzle-orm';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { addParticipants, listParticipants } from '../../../platform/cases/participants.js';
import type { Db } from '../../../platform/db/client.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { projectFor, requireState, SUPERVISOR_ASSIGNABLE_STATES } from '../project.policy.js';
import { SUPERVISE, holdsSupervisorRole } from './supervision.shared.js';

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
