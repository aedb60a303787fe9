import type { z } from 'zod';
import { SUPERVISION_KIND_NAMES, SUPERVISION_RESULT_NAMES, type ZSupervisionInput } from '../../../../contracts/projects/supervision.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { addWorkingDays, todayInChina } from '../../../platform/calendar/calendar.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { rectifications, supervisionVisits } from '../projects.tables.js';
import { mayProjectSupervise, projectFor, requireState, SUPERVISION_STATES } from '../project.policy.js';
import { listVisits } from './supervision.shared.js';

/**
 * A supervision visit and its findings. `rectify` lists items the provider must fix within working days;
 * the visit is cleared once every item is closed. The result gates the payment that waits on it.
 */
export async function recordVisit(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZSupervisionInput>) {
  return db.transaction(async (tx) => {
    const access = await projectFor(tx, ctx, projectId, tx);
    const { c } = access;
    if (!mayProjectSupervise(access)) throw new AppError('forbidden', {}, undefined, { denied: true });
    requireState(c, SUPERVISION_STATES, '只能对实施中或终期评估中的项目开展督导。', 'Only a project in implementation or final evaluation can be supervised.');
    if (input.visitedOn > todayInChina()) throw new AppError('validation', {}, [{ path: 'visitedOn', message: '督导日期不能晚于今天', messageEn: 'The visit date is in the future' }]);
    if (input.result !== 'rectify' && input.rectifications.length) throw new AppError('validation', {}, [{ path: 'rectifications', message: '只有“限期整改”的督导结果才列整改事项', messageEn: 'Only a rectify result lists items' }]);
    const [visit] = await tx.insert(supervisionVisits).values({ projectId, kind: input.kind, visitedOn: input.visitedOn, findings: input.findings, result: input.result, supervisorId: ctx.actor!.userId }).returning();
    const today = todayInChina();
    for (const r of input.rectifications) {
      await tx.insert(rectifications).values({ projectId, visitId: visit.id, item: r.item, dueOn: await addWorkingDays(tx, today, r.workingDays) });
    }
    await appendAudit(tx, ctx, { action: 'project.supervise', permission: 'project.supervise', entityType: 'case', entityId: projectId, detail: { visitId: visit.id, kind: input.kind, result: input.result, rectifications: input.rectifications.length } });
    const provider = await recipientsOf(tx, c, { kind: 'owner', task: '' });
    await notifyUsers(tx, provider, {
      kind: 'project.supervision',
      title: `督导结果：${c.title}`,
      body: `${SUPERVISION_KIND_NAMES[input.kind].zh}结果为“${SUPERVISION_RESULT_NAMES[input.result].zh}”。${input.rectifications.length ? `请按期完成 ${input.rectifications.length} 项整改并提交整改情况。` : ''}`,
      link: `/projects/${projectId}`,
      caseId: projectId,
    });
    return (await listVisits(tx, ctx, projectId)).find((v) => v.id === visit.id)!;
  });
}
