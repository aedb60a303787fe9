import type { z } from 'zod';
import type { ZMonthlyReportInput } from '../../../../contracts/projects/delivery.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf, toIso } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { projectReports } from '../projects.tables.js';
import { projectFor, requireState, DELIVERY_STATES } from '../project.policy.js';
import { requireProvider } from './delivery.shared.js';

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
