import { clockNow } from '../../../platform/clock.js';
import { and, count, eq } from 'drizzle-orm';
import { addWorkingDays, todayInChina } from '../../../platform/calendar/calendar.js';
import type { CaseRow } from '../../../platform/cases/define.js';
import type { Tx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { PROCUREMENT_METHOD_NAMES } from '../../../../contracts/projects/lifecycle.js';
import { formatWanYuan, formatYuan } from '../../../platform/money/index.js';
import { bandForAmount } from '../procurement-bands.js';
import { projectCity } from '../project-city.js';
import { loadProject, type ProjectRow } from '../project.queries.js';
import { projectBids, scoringRubrics, serviceProjects } from '../projects.tables.js';

/** A call stays open at least this many working days (public notice of a purchase). */
export const MIN_CALL_WORKING_DAYS = 5;

/**
 * Effect of `publishCall` and `reopenCall`: the call's notice, method and deadline (at least the notice period away).
 * Where the project's city's band for the budget binds (at or above the 公开招标数额标准), no other method is accepted.
 */
export async function publishCall(tx: Tx, _ctx: RequestContext, c: CaseRow, raw: unknown): Promise<void> {
  const call = raw as { procurementMethod: NonNullable<ProjectRow['procurementMethod']>; deadline: string; notice: string };
  const { budgetFen } = await loadProject(tx, c.id);
  const band = await bandForAmount(tx, (await projectCity(tx, c)).id, budgetFen);
  if (band?.binding && band.method !== call.procurementMethod) {
    const names = PROCUREMENT_METHOD_NAMES[band.method];
    throw new AppError('validation', {}, [
      {
        path: 'input.procurementMethod',
        message: `预算 ${formatWanYuan(budgetFen)}达到${names.zh}数额标准（${formatWanYuan(band.fromFen)}起），应采用${names.zh}`,
        messageEn: `A budget of ${formatYuan(budgetFen, { symbol: true })} is at or above the ${names.en.toLowerCase()} threshold (from ${formatYuan(band.fromFen, { symbol: true })}): use ${names.en}`,
      },
    ]);
  }
  const earliest = await addWorkingDays(tx, todayInChina(), MIN_CALL_WORKING_DAYS);
  if (call.deadline < earliest) {
    throw new AppError('validation', {}, [
      { path: 'input.deadline', message: `申报截止日不得早于 ${earliest}（公告期至少 ${MIN_CALL_WORKING_DAYS} 个工作日）`, messageEn: `The deadline may not be before ${earliest}` },
    ]);
  }
  await tx.update(serviceProjects).set({ procurementMethod: call.procurementMethod, callDeadline: call.deadline, callNotice: call.notice, callPublishedAt: clockNow() }).where(eq(serviceProjects.caseId, c.id));
}

/**
 * Effect of `closeCall`: only after the deadline and with at least one bid; the city's rubric is copied onto the
 * project, so later edits to the rubric never change how this project's bids are scored.
 */
export async function closeCall(tx: Tx, _ctx: RequestContext, c: CaseRow): Promise<void> {
  const p = await loadProject(tx, c.id);
  if (p.callDeadline && todayInChina() <= p.callDeadline) {
    throw new AppError('invalid_state', { reason: `申报截止日为 ${p.callDeadline}，截止前不能结束申报。`, reasonEn: `Bids close on ${p.callDeadline}; the call cannot be ended before then.` });
  }
  const [bids] = await tx.select({ n: count() }).from(projectBids).where(and(eq(projectBids.projectId, c.id), eq(projectBids.state, 'submitted')));
  if (bids.n === 0) throw new AppError('invalid_state', { reason: '没有社会组织申报，不能进入采购；可延长申报期（重新发布公告）或终止项目。', reasonEn: 'No organization has bid, so procurement cannot start; extend the call (publish it again) or end the project.' });
  const [rubric] = await tx.select({ criteria: scoringRubrics.criteria }).from(scoringRubrics).where(eq(scoringRubrics.code, 'default'));
  if (!rubric) throw new AppError('invalid_state', { reason: '尚未设置评审标准（scoring_rubrics.default），请先由管理员设置。', reasonEn: 'No scoring rubric is set (scoring_rubrics.default); an administrator must set one first.' });
  await tx.update(serviceProjects).set({ rubric: rubric.criteria }).where(eq(serviceProjects.caseId, c.id));
}
