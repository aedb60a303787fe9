import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZMonthlyReportInput, ZServiceRecordInput } from '../../../../contracts/projects/delivery.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { caseAttachments } from '../../../platform/cases/cases.tables.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { pgErrorOf, toIso } from '../../../platform/db/sql.js';
import { AppError, type FieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { projectContracts, projectReports, serviceRecordAttachments, serviceRecords } from '../projects.tables.js';
import { projectFor, requireState, DELIVERY_STATES } from '../project.policy.js';

type Indicator = { kind: 'output' | 'outcome'; name: string; target: number; unit: string };

function requireProvider(provider: boolean) {
  // Staff see the project but record nothing in the provider's name.
  if (!provider) throw new AppError('forbidden', {}, undefined, { denied: true });
}

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

/** Each indicator's target and what the service records add up to. */
export async function indicatorProgress(db: DbOrTx, ctx: RequestContext, projectId: string) {
  const { p } = await projectFor(db, ctx, projectId);
  // Each record's progress entries ({ indicator, value }), one row each, then summed per indicator.
  const entries = db
    .select({ entry: sql<unknown>`jsonb_array_elements(${serviceRecords.progress})`.as('entry') })
    .from(serviceRecords)
    .where(eq(serviceRecords.projectId, projectId))
    .as('g');
  const indicator = sql<number>`(${entries.entry}->>'indicator')::int`.mapWith(Number);
  const sums = await db
    .select({ indicator, achieved: sql<number>`sum((${entries.entry}->>'value')::numeric)`.mapWith(Number) })
    .from(entries)
    .groupBy(indicator);
  return (p.indicators as Indicator[]).map((ind, index) => {
    const achieved = sums.find((s) => s.indicator === index)?.achieved ?? 0;
    return { ...ind, index, achieved, percent: Math.round((achieved / ind.target) * 1000) / 10 };
  });
}

export async function submitMonthlyReport(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZMonthlyReportInput>) {
  try {
    return await db.transaction(async (tx) => {
      const { c, provider } = await projectFor(tx, ctx, projectId, tx);
      requireProvider(provider);
      requireState(c, DELIVERY_STATES, '项目不在实施阶段，不能提交月报。', 'The project is not in implementation; a monthly report cannot be submitted.');
      if (input.month > todayInChina().slice(0, 7)) throw new AppError('validation', {}, [{ path: 'month', message: '不能提交未来月份的月报', messageEn: 'The month is in the future' }]);
      const [r] = await tx.insert(projectReports).values({ projectId, ...input, submittedBy: ctx.actor!.userId }).returning();
      await appendAudit(tx, ctx, { action: 'project.report', permission: 'project.deliver', entityType: 'case', entityId: projectId, detail: { reportId: r.id, month: input.month } });
      return { ...input, id: r.id, submittedByName: ctx.actor!.displayName, submittedAt: toIso(r.submittedAt)! };
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'project_reports_month_uq') throw new AppError('duplicate', { field: '月报', value: input.month });
    throw err;
  }
}

export async function listMonthlyReports(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await projectFor(db, ctx, projectId);
  const found = await db
    .select({ id: projectReports.id, month: projectReports.month, summary: projectReports.summary, problems: projectReports.problems, nextPlan: projectReports.nextPlan, submittedByName: users.displayName, submittedAt: projectReports.submittedAt })
    .from(projectReports)
    .innerJoin(users, eq(users.id, projectReports.submittedBy))
    .where(eq(projectReports.projectId, projectId))
    .orderBy(desc(projectReports.month));
  return found.map((r) => ({ ...r, submittedAt: toIso(r.submittedAt)! }));
}
