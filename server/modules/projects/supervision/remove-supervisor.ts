import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { listParticipants, removeParticipant } from '../../../platform/cases/participants.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { projectFor } from '../project.policy.js';
import { SUPERVISE } from './supervision.shared.js';

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
