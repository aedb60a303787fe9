import type { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import type { EvaluationGrade, ZCloseInput, ZEvaluationInput } from '../../../../contracts/projects/evaluation.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { CaseRow, EffectResult } from '../../../platform/cases/define.js';
import type { Tx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { decommitAll, releaseAll } from '../project-funds.js';
import { loadProject, serviceTermOf, termRunningReason } from '../project.queries.js';
import { contractMilestones, evaluationStandards, projectEvaluations, serviceProjects } from '../projects.tables.js';

/** The standard's criteria and bands as the settings page stores them (jsonb). */
type StandardCriterion = { key: string; name: string; maxPoints: number; description: string };
type StandardBands = Record<'excellent' | 'good' | 'pass', number>;

/** Effect of `evaluate`: scores against the city's standard, every criterion within its maximum; the total's band is the grade. */
export async function recordEvaluation(tx: Tx, ctx: RequestContext, c: CaseRow, raw: unknown): Promise<EffectResult> {
  const input = raw as z.infer<typeof ZEvaluationInput>;
  const term = await serviceTermOf(tx, c.id);
  if (term && !term.open) throw new AppError('invalid_state', termRunningReason(term.endOn, { zh: '进行终期评估', en: 'the final evaluation can be recorded' }));
  const [found] = await tx.select({ criteria: evaluationStandards.criteria, bands: evaluationStandards.bands }).from(evaluationStandards).where(eq(evaluationStandards.code, 'default'));
  const std = found && { criteria: found.criteria as StandardCriterion[], bands: found.bands as StandardBands };
  if (!std) throw new AppError('invalid_state', { reason: '尚未设置终期评估标准（evaluation_standards.default）。', reasonEn: 'No final evaluation standard is set (evaluation_standards.default).' });
  const errors: { path: string; message: string; messageEn: string }[] = [];
  for (const k of Object.keys(input.scores)) if (!std.criteria.some((r) => r.key === k)) errors.push({ path: `input.scores.${k}`, message: `评估标准中没有“${k}”`, messageEn: `No criterion ${k}` });
  for (const r of std.criteria) {
    const v = input.scores[r.key];
    if (v === undefined) errors.push({ path: `input.scores.${r.key}`, message: `请为“${r.name}”评分`, messageEn: `Score ${r.name}` });
    else if (v > r.maxPoints) errors.push({ path: `input.scores.${r.key}`, message: `“${r.name}”最高 ${r.maxPoints} 分，不能给 ${v} 分`, messageEn: `${r.name} is out of ${r.maxPoints}` });
  }
  if (errors.length) throw new AppError('validation', {}, errors);
  const total = std.criteria.reduce((n, r) => n + input.scores[r.key], 0);
  const grade: EvaluationGrade = total >= std.bands.excellent ? 'excellent' : total >= std.bands.good ? 'good' : total >= std.bands.pass ? 'pass' : 'fail';
  const p = await loadProject(tx, c.id);
  await tx.insert(projectEvaluations).values({ projectId: c.id, providerOrgId: p.providerOrgId!, criteria: std.criteria, scores: input.scores, total, grade, summary: input.summary, evaluatedOn: todayInChina(), evaluatorId: ctx.actor!.userId });
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
