import { and, count, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZServiceRecordInput } from '../../../../contracts/projects/delivery.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { caseAttachments } from '../../../platform/cases/cases.tables.js';
import type { Db } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, type FieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { projectContracts, serviceRecordAttachments, serviceRecords } from '../projects.tables.js';
import { projectFor, requireState, DELIVERY_STATES } from '../project.policy.js';
import { type Indicator, requireProvider } from './delivery.shared.js';

/** The provider records a service: date within the contract and not in the future, progress per indicator. */
export async function addServiceRecord(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZServiceRecordInput>) {
  return db.transaction(async (tx) => {
    const { c, p, provider } = await projectFor(tx, ctx, projectId, tx);
    requireProvider(provider);
    requireState(c, DELIVERY_STATES, '项目不在实施阶段，不能填报服务记录。', 'The project is not in implementation; service records cannot be entered.');
    const [k] = await tx.select({ startOn: projectContracts.startOn, endOn: projectContracts.endOn }).from(projectContracts).where(eq(projectContracts.projectId, projectId));
    const errors: FieldError[] = [];
    if (input.servedOn > todayInChina()) errors.push({ path: 'servedOn', message: '服务日期不能晚于今天', messageEn: 'The date is in the future' });
    if (k && (input.servedOn < k.startOn || input.servedOn > k.endOn)) errors.push({ path: 'servedOn', message: `服务日期须在合同服务期（${k.startOn} 至 ${k.endOn}）内`, messageEn: 'Outside the contract period' });
    const indicators = p.indicators as Indicator[];
    input.progress.forEach((g, i) => {
      if (g.indicator >= indicators.length) errors.push({ path: `progress.${i}.indicator`, message: '没有这项绩效指标', messageEn: 'No such indicator' });
    });
    if (input.attachmentIds.length) {
      const [n] = await tx
        .select({ n: count() })
        .from(caseAttachments)
        .where(and(eq(caseAttachments.caseId, projectId), inArray(caseAttachments.id, input.attachmentIds)));
      if (n.n !== new Set(input.attachmentIds).size) errors.push({ path: 'attachmentIds', message: '照片须先上传到本项目', messageEn: 'Attachments must belong to this project' });
    }
    if (errors.length) throw new AppError('validation', {}, errors);
    const { attachmentIds, ...record } = input;
    const [r] = await tx.insert(serviceRecords).values({ projectId, ...record, recordedBy: ctx.actor!.userId }).returning();
    const distinct = [...new Set(attachmentIds)];
    if (distinct.length) await tx.insert(serviceRecordAttachments).values(distinct.map((attachmentId) => ({ recordId: r.id, attachmentId })));
    await appendAudit(tx, ctx, { action: 'project.serviceRecord', permission: 'project.deliver', entityType: 'case', entityId: projectId, detail: { recordId: r.id, servedOn: input.servedOn, beneficiaries: input.beneficiaries } });
    return { ...input, id: r.id, recordedByName: ctx.actor!.displayName, recordedAt: toIso(r.recordedAt)! };
  });
}
