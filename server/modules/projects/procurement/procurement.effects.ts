import { clockNow } from '../../../platform/clock.js';
import { eq, sql } from 'drizzle-orm';
import { addWorkingDays, todayInChina } from '../../../platform/calendar/calendar.js';
import type { CaseRow, EffectResult } from '../../../platform/cases/define.js';
import type { Tx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { loadProject } from '../project.queries.js';
import { projectBids, projectObjections, scoringRubrics, serviceProjects } from '../projects.tables.js';
import { computeRanking } from './procurement.js';

/**
 * Effect of `recommend`: enough experts without a conflict, every score in, then the top of the ranking is
 * recommended and the award notice runs for the city's notice period in working days.
 */
export async function recommendTopBid(tx: Tx, _ctx: RequestContext, c: CaseRow): Promise<void> {
  const [rules] = await tx.select({ minExperts: scoringRubrics.minExperts, noticeWorkingDays: scoringRubrics.noticeWorkingDays }).from(scoringRubrics).where(eq(scoringRubrics.code, 'default'));
  const ranking = await computeRanking(tx, c.id);
  const minExperts = rules?.minExperts ?? 3;
  if (ranking.declaredExperts < minExperts) throw new AppError('invalid_state', { reason: `评审专家不足：需要至少 ${minExperts} 名无利益冲突的专家，目前 ${ranking.declaredExperts} 名。`, reasonEn: `Not enough experts: at least ${minExperts} without a conflict of interest are needed, ${ranking.declaredExperts} so far.` });
  if (!ranking.complete) {
    const who = ranking.missing.map((m) => `${m.expertName}（${m.orgName}）`).join('、');
    throw new AppError('invalid_state', { reason: `评分尚未完成：${who || '尚无申报或专家'}。`, reasonEn: `Scoring is not finished: ${ranking.missing.map((m) => `${m.expertName} (${m.orgName})`).join(', ') || 'no bids or experts yet'}.` });
  }
  const today = todayInChina();
  const top = ranking.items[0];
  await tx
    .update(serviceProjects)
    .set({ recommendedBidId: top.bidId, noticeStartsOn: today, noticeEndsOn: await addWorkingDays(tx, today, rules?.noticeWorkingDays ?? 5) })
    .where(eq(serviceProjects.caseId, c.id));
}

/** Effect of `reconsider` (an upheld objection): the recommendation and its notice are withdrawn. */
export async function withdrawRecommendation(tx: Tx, _ctx: RequestContext, c: CaseRow): Promise<void> {
  await tx.update(serviceProjects).set({ recommendedBidId: null, noticeStartsOn: null, noticeEndsOn: null }).where(eq(serviceProjects.caseId, c.id));
}

/**
 * Effect of `award`: after the notice period, with every objection answered and none upheld. From now on the case
 * concerns the provider: its members see the project and act in it.
 */
export async function awardRecommendedBid(tx: Tx, _ctx: RequestContext, c: CaseRow): Promise<EffectResult> {
  const p = await loadProject(tx, c.id);
  if (!p.noticeEndsOn || todayInChina() <= p.noticeEndsOn) throw new AppError('invalid_state', { reason: `中标公示期至 ${p.noticeEndsOn ?? '—'}，公示期内不能确定承接方。`, reasonEn: `The award notice runs until ${p.noticeEndsOn ?? '—'}; the provider cannot be confirmed during the notice period.` });
  const [open] = await tx
    .select({
      n: sql<number>`count(*) filter (where ${projectObjections.answeredAt} is null)`.mapWith(Number),
      upheld: sql<number>`count(*) filter (where ${projectObjections.upheld})`.mapWith(Number),
    })
    .from(projectObjections)
    .where(eq(projectObjections.projectId, c.id));
  if (open.n > 0) throw new AppError('invalid_state', { reason: `还有 ${open.n} 条公示异议未答复，答复后才能确定承接方。`, reasonEn: `Objections to the award notice still unanswered: ${open.n}; answer them before confirming the provider.` });
  if (open.upheld > 0) throw new AppError('invalid_state', { reason: '有异议经核查成立，请撤回推荐、重新评审。', reasonEn: 'An objection was upheld; withdraw the recommendation and review the bids again.' });
  const [bid] = await tx.select().from(projectBids).where(eq(projectBids.id, p.recommendedBidId!));
  await tx.update(serviceProjects).set({ awardedBidId: bid.id, awardedAt: clockNow(), providerOrgId: bid.orgId }).where(eq(serviceProjects.caseId, c.id));
  return { orgId: bid.orgId, ownerUserId: null, outcome: 'awarded' };
}
