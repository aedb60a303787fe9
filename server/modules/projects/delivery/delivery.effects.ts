import { and, count, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import { MILESTONE_CONDITION_NAMES, type ZContractInput, type ZEarlyCompletionInput } from '../../../../contracts/projects/delivery.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import type { CaseRow, EffectResult } from '../../../platform/cases/define.js';
import type { Tx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { holdingsOf, moveFunds } from '../../funds/index.js';
import { loadProject, serviceTermOf, termRunningReason } from '../project.queries.js';
import { contractMilestones, projectBids, projectContracts, rectifications, serviceProjects, serviceRecords } from '../projects.tables.js';

/** The provider's final report: what was delivered against the plan. */
export const FinalReportInput = z.strictObject({ summary: z.string().trim().min(20, { error: '终期报告摘要至少 20 个字' }).max(10000) });

/**
 * Effect of `signContract`: the schedule adds up to the contract value and keeps a final payment after the
 * evaluation; the value is committed from the reservation and any remainder released, in the same transaction.
 */
export async function signContract(tx: Tx, ctx: RequestContext, c: CaseRow, raw: unknown): Promise<void> {
  const input = raw as z.infer<typeof ZContractInput>;
  const p = await loadProject(tx, c.id);
  const sum = input.milestones.reduce((n, m) => n + m.amountFen, 0);
  const errors: { path: string; message: string; messageEn: string }[] = [];
  if (sum !== input.valueFen) errors.push({ path: 'input.milestones', message: `付款节点金额合计 ${formatYuan(sum)} 元，与合同金额 ${formatYuan(input.valueFen)} 元不一致`, messageEn: 'The schedule does not add up to the contract value' });
  if (input.endOn < input.startOn) errors.push({ path: 'input.endOn', message: '服务期结束日不能早于开始日', messageEn: 'The end is before the start' });
  if (!input.milestones.some((m) => m.condition === 'finalEvaluation')) errors.push({ path: 'input.milestones', message: `至少保留一笔“${MILESTONE_CONDITION_NAMES.finalEvaluation.zh}”后支付的尾款`, messageEn: 'Keep a final payment after the evaluation' });
  if (errors.length) throw new AppError('validation', {}, errors);
  const [bid] = await tx.select().from(projectBids).where(eq(projectBids.id, p.awardedBidId!));
  const [held] = p.allocationId ? await holdingsOf(tx, c.id, p.allocationId) : [];
  if (!held || input.valueFen > held.reservedFen) {
    throw new AppError('insufficient_funds', {
      reason: `合同金额 ${formatYuan(input.valueFen)} 元超过项目预留经费 ${formatYuan(held?.reservedFen ?? 0)} 元。`,
      reasonEn: 'The contract value exceeds what the project has reserved.',
    });
  }
  await moveFunds(tx, ctx, { allocationId: held.allocationId, kind: 'commit', amountFen: input.valueFen, projectId: c.id, caseId: c.id, note: `合同 ${input.contractNumber}` });
  if (held.reservedFen > input.valueFen) {
    await moveFunds(tx, ctx, { allocationId: held.allocationId, kind: 'release', amountFen: held.reservedFen - input.valueFen, projectId: c.id, caseId: c.id, note: `合同金额低于预算，释放结余（${input.contractNumber}）` });
  }
  await tx.insert(projectContracts).values({ projectId: c.id, number: input.contractNumber, providerOrgId: bid.orgId, signedOn: input.signedOn, valueFen: input.valueFen, startOn: input.startOn, endOn: input.endOn, createdBy: ctx.actor!.userId });
  await tx.insert(contractMilestones).values(input.milestones.map((m, i) => ({ projectId: c.id, seq: i + 1, name: m.name, dueOn: m.dueOn, amountFen: m.amountFen, condition: m.condition })));
}

/**
 * Effect of `decideEarlyCompletion`: the office lets the service end before the contract's term, for a reason
 * (kept on the project and in the case's history, and told to the provider, whom the project awaits). Once only,
 * and only while the term still runs.
 */
export async function decideEarlyCompletion(tx: Tx, _ctx: RequestContext, c: CaseRow, raw: unknown): Promise<EffectResult> {
  const input = raw as z.infer<typeof ZEarlyCompletionInput>;
  const term = await serviceTermOf(tx, c.id);
  if (!term) throw new AppError('invalid_state', { reason: '尚未签订服务合同。', reasonEn: 'No contract has been signed.' });
  if (term.earlyCompletion) throw new AppError('invalid_state', { reason: `已于 ${term.earlyCompletion.on} 作出提前结项决定。`, reasonEn: `Early completion was already decided on ${term.earlyCompletion.on}.` });
  if (term.over) throw new AppError('invalid_state', { reason: `服务期已于 ${term.endOn} 届满，承接方可直接提交终期报告，无需提前结项决定。`, reasonEn: `The service term ended on ${term.endOn}; the provider may file the final report without an early-completion decision.` });
  await tx.update(serviceProjects).set({ earlyCompletionOn: todayInChina(), earlyCompletionReason: input.reason }).where(eq(serviceProjects.caseId, c.id));
  // The state stays `implementing`, so the engine opens no new assignment and notifies nobody: the provider, who
  // files the final report next, is told here, in the same transaction.
  await notifyUsers(tx, await recipientsOf(tx, c, { kind: 'owner', task: '' }), {
    kind: 'project.earlyCompletion',
    title: `同意提前结项：${c.title}`,
    body: `社工办同意项目 ${c.number} 提前结项（理由：${input.reason}）。请提交终期报告。`,
    link: `/projects/${c.id}`,
    caseId: c.id,
  });
  // The outcome marks the case so the transition's guard hides the act once it is done.
  return { outcome: 'earlyCompletion' };
}

/**
 * Effect of `submitFinalReport`: only once the service term has ended (or the office decided on early completion),
 * with service delivered on record and every rectification closed.
 */
export async function checkFinalReport(tx: Tx, _ctx: RequestContext, c: CaseRow): Promise<void> {
  const term = await serviceTermOf(tx, c.id);
  if (term && !term.open) throw new AppError('invalid_state', termRunningReason(term.endOn, { zh: '提交终期报告', en: 'the final report can be filed' }));
  const [n] = await tx.select({ records: count() }).from(serviceRecords).where(eq(serviceRecords.projectId, c.id));
  if (n.records === 0) throw new AppError('invalid_state', { reason: '尚无服务记录，不能提交终期报告。', reasonEn: 'There are no service records yet; the final report cannot be submitted.' });
  const [open] = await tx.select({ n: count() }).from(rectifications).where(and(eq(rectifications.projectId, c.id), ne(rectifications.state, 'closed')));
  if (open.n > 0) throw new AppError('invalid_state', { reason: `还有 ${open.n} 项督导整改未销号，完成整改后再提交终期报告。`, reasonEn: `Supervision rectifications still open: ${open.n}; close them before submitting the final report.` });
}
