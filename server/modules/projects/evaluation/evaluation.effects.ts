import type { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import { EVALUATION_GRADES, type EvaluationGrade, type ZCloseInput, type ZEvaluationInput } from '../../../../contracts/projects/evaluation.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { CaseRow, EffectResult } from '../../../platform/cases/define.js';
import type { Tx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { decommitAll, releaseAll } from '../project-funds.js';
import { loadProject, serviceTermOf, termRunningReason } from '../project.queries.js';
import { contractMilestones, projectEvaluations, serviceProjects } from '../projects.tables.js';
import { finalizeOwnedRound, joinPanel, openOwnedRound, ownedRoundOf, ownedRoundResults, submitSheet } from '../../assessment/index.js';
import { projectCity } from '../project-city.js';

/**
 * Effect of `evaluate`: the office scores the project on its city's published evaluation rubric, in the assessment
 * engine's round for this project (every criterion within its maximum); the grade band the total reaches is the
 * grade, which the project's record keeps for the provider's record and eligibility.
 */
export async function recordEvaluation(tx: Tx, ctx: RequestContext, c: CaseRow, raw: unknown): Promise<EffectResult> {
  const input = raw as z.infer<typeof ZEvaluationInput>;
  const term = await serviceTermOf(tx, c.id);
  if (term && !term.open) throw new AppError('invalid_state', termRunningReason(term.endOn, { zh: '进行终期评估', en: 'the final evaluation can be recorded' }));
  if (await ownedRoundOf(tx, c.id, 'evaluation')) throw new AppError('invalid_state', { reason: '该项目已完成终期评估。', reasonEn: 'This project has already been evaluated.' });
  const city = await projectCity(tx, c);
  const today = todayInChina();
  const round = await openOwnedRound(tx, { caseId: c.id, cityId: city.id, kind: 'evaluation', year: Number(today.slice(0, 4)), subjects: [{ type: 'project', ref: c.id, name: c.title, code: c.number ?? '' }] });
  // The office's own evaluator: no declaration step, and no evaluator role needed (the office holds project.manage).
  await joinPanel(tx, round.id, [ctx.actor!.userId], { assignedBy: ctx.actor!.userId, declared: true, anyUser: true });
  await submitSheet(tx, round, c.id, ctx.actor!.userId, { scores: input.scores }, { path: 'input.scores' });
  const [result] = (await ownedRoundResults(tx, round)).items;
  await finalizeOwnedRound(tx, round.id);
  const grade = (EVALUATION_GRADES as readonly string[]).includes(result.gradeCode ?? '') ? (result.gradeCode as EvaluationGrade) : 'fail';
  const p = await loadProject(tx, c.id);
  await tx.insert(projectEvaluations).values({ projectId: c.id, providerOrgId: p.providerOrgId!, roundId: round.id, total: Math.round(result.score), grade, summary: input.summary, evaluatedOn: today, evaluatorId: ctx.actor!.userId });
  return { outcome: `evaluated:${grade}` };
}

/**
 * Effect of `close`: every milestone paid (a failed evaluation forfeits the payments that wait on it), then what is
 * still committed or reserved goes back to the fund and the closing report is filed.
 */
export async function closeProject(tx: Tx, ctx: RequestContext, c: CaseRow, raw: unknown): Promise<EffectResult> {
  const input = raw as z.infer<typeof ZCloseInput>;
  const [e] = await tx.select({ grade: projectEvaluations.grade }).from(projectEvaluations).where(eq(projectEvaluations.projectId, c.id));
  const unpaid = await tx
    .select({ name: contractMilestones.name, condition: contractMilestones.condition, amountFen: contractMilestones.amountFen })
    .from(contractMilestones)
    .where(and(eq(contractMilestones.projectId, c.id), isNull(contractMilestones.paidAt)))
    .orderBy(asc(contractMilestones.seq));
  const blocking = unpaid.filter((m) => !(e?.grade === 'fail' && m.condition === 'finalEvaluation'));
  if (blocking.length) throw new AppError('invalid_state', { reason: `还有付款节点未支付：${blocking.map((m) => `${m.name}（${formatYuan(m.amountFen)} 元）`).join('、')}。`, reasonEn: `Milestones still unpaid: ${blocking.map((m) => `${m.name} (${formatYuan(m.amountFen)} yuan)`).join(', ')}.` });
  await decommitAll(tx, ctx, c.id, `结项：评估不合格，扣减尾款 ${c.number}`);
  await releaseAll(tx, ctx, c.id, `结项，释放剩余预留 ${c.number}`);
  await tx.update(serviceProjects).set({ closingReport: input.closingReport, closedOn: todayInChina() }).where(eq(serviceProjects.caseId, c.id));
  return { outcome: e ? `closed:${e.grade}` : 'closed' };
}
