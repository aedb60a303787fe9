import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZAppealAnswer } from '../../../../contracts/assessment.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { assessmentAppealIndicators, assessmentAppeals, assessmentIndicators, assessmentSubjects } from '../assessment.tables.js';
import { requireRound } from '../assessment.policy.js';

/*
 * Appeals (issue 18 §1): raised by the subject's own people during the notice (self-assessment.ts), answered by the
 * office during the appeals step within the round's working-day limit. While an appeal is open its indicators are
 * reopened to the subject's evaluators (reviews.ts) and nothing else is; answering closes them again.
 */

export async function presentAppeals(db: DbOrTx, where: SQL) {
  const rows = await db
    .select({ a: assessmentAppeals, subjectName: assessmentSubjects.name })
    .from(assessmentAppeals)
    .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentAppeals.subjectId))
    .where(where)
    .orderBy(asc(assessmentAppeals.raisedAt));
  if (!rows.length) return [];
  const items = await db
    .select({ appealId: assessmentAppealIndicators.appealId, code: assessmentIndicators.code, name: assessmentIndicators.name, reason: assessmentAppealIndicators.reason, seq: assessmentIndicators.seq })
    .from(assessmentAppealIndicators)
    .innerJoin(assessmentIndicators, eq(assessmentIndicators.id, assessmentAppealIndicators.indicatorId))
    .where(
      inArray(
        assessmentAppealIndicators.appealId,
        rows.map((r) => r.a.id),
      ),
    )
    .orderBy(asc(assessmentIndicators.seq));
  return rows.map(({ a, subjectName }) => ({
    id: a.id,
    roundId: a.roundId,
    subjectId: a.subjectId,
    subjectName,
    reason: a.reason,
    indicators: items.filter((i) => i.appealId === a.id).map((i) => ({ code: i.code, name: i.name, reason: i.reason })),
    state: a.state,
    dueOn: a.dueOn,
    raisedAt: toIso(a.raisedAt)!,
    answer: a.answer,
    upheld: a.upheld,
    answeredAt: toIso(a.answeredAt),
    version: a.version,
  }));
}

export async function listAppeals(db: DbOrTx, ctx: RequestContext, roundId: string) {
  await requireRound(db, ctx, roundId, 'assessment.manage');
  return { items: await presentAppeals(db, eq(assessmentAppeals.roundId, roundId)) };
}

/** The office answers an appeal during the appeals step: upheld or not, with its reasons; the raiser is told. */
export async function answerAppeal(db: Db, ctx: RequestContext, appealId: string, input: z.infer<typeof ZAppealAnswer>) {
  requirePermission(ctx.actor, 'assessment.manage');
  const roundId = await db.transaction(async (tx) => {
    const [a] = await tx.select().from(assessmentAppeals).where(eq(assessmentAppeals.id, appealId)).for('update');
    if (!a) throw notFound('appeal');
    const round = await requireRound(tx, ctx, a.roundId, 'assessment.manage').catch(() => {
      throw new AppError('not_found', { entity: 'appeal' }, undefined, { denied: true });
    });
    if (a.version !== input.version) throw conflict(a.version);
    if (a.state !== 'open') throw new AppError('invalid_state', { reason: '该申诉已答复。', reasonEn: 'This appeal has been answered.' });
    if (round.state !== 'appeals') throw new AppError('invalid_state', { reason: '公示期满、进入申诉复核阶段后再答复申诉（专家须先复核被申诉的指标）。', reasonEn: 'Answer appeals in the appeals step, after the evaluators have reviewed the indicators.' }, undefined, { currentState: round.state });
    await tx.update(assessmentAppeals).set({ state: 'answered', answer: input.answer, upheld: input.upheld, answeredBy: ctx.actor!.userId, answeredAt: clockNow(), version: a.version + 1 }).where(eq(assessmentAppeals.id, appealId));
    await appendAudit(tx, ctx, { action: 'assessment.appealAnswer', permission: 'assessment.manage', entityType: 'assessmentSubject', entityId: a.subjectId, detail: { roundId: a.roundId, appealId, upheld: input.upheld } });
    const [c] = await tx.select({ title: cases.title }).from(cases).where(eq(cases.id, a.roundId));
    await notifyUsers(tx, [a.raisedBy], { kind: 'assessment.appealAnswered', title: `申诉已答复：${c.title}`, body: `您的申诉${input.upheld ? '经复核成立' : '经复核不成立'}：${input.answer}`, link: `/assessment/rounds/${a.roundId}`, caseId: a.roundId });
    return a.roundId;
  });
  const [out] = await presentAppeals(db, and(eq(assessmentAppeals.id, appealId), eq(assessmentAppeals.roundId, roundId))!);
  return out;
}
