import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Lang } from '../../../platform/errors/messages.js';
import type { ZAdjustmentEntryInput } from '../../../../contracts/assessment.js';
import { reachesCity, requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { assessmentAdjustmentEntries, assessmentAdjustments, assessmentAssignments, assessmentScores, assessmentSubjects } from '../assessment.tables.js';
import { computeRoundResults, selectPublishedResults, selectResultsRubric, selectRoundResults, type PublishedResult, type ResultsRubric } from '../round-results.js';
import { selectRubric } from '../rubric.queries.js';
import { refreshComputed } from './computed.js';
import { authorizeRound, requireRound } from '../assessment.policy.js';
import { sheetFacts, sheetIndicators } from './sheets.js';

/*
 * The office's side of a round (issue 18 §1): every number traced to who gave it, when and why; adjustments with
 * their reasons; computed indicators refreshed; results — live from the scores for the office before publication,
 * the published snapshot for everyone who may read them after.
 */

const ADJUSTABLE = ['scoring', 'moderation'] as const;

type RoundOf = Awaited<ReturnType<typeof requireRound>>;

/*
 * The results page is the assessment's busiest read (issue 18 §Speed: p95 ≤ 50 ms at 20 concurrent). The published
 * page is one statement — the round, the rubric's names and the snapshot (selectRoundResults) — decided on after the
 * read; the office's live preview adds computeRoundResults' four row reads. Never the rubric's whole tree with its
 * scoring guide (six statements).
 */

/** GET …/results: the published snapshot (anyone who reads the round) or, before it, the office's live preview. */
export async function roundResults(db: DbOrTx, ctx: RequestContext, roundId: string) {
  requirePermission(ctx.actor, 'assessment.read');
  const read = await selectRoundResults(db, roundId);
  authorizeRound(ctx, read?.round);
  const { round, rubric, published } = read!;
  const manages = reachesCity(ctx.actor, 'assessment.manage', round.cityId);
  if (!round.publishedAt && !manages) throw new AppError('invalid_state', { reason: '评估结果尚未公示。', reasonEn: 'The results are not published yet.' }, undefined, { currentState: round.state });
  return resultsOf(db, round, manages && !round.publishedAt ? 'live' : 'published', ctx.lang, { rubric, published });
}

type ResultsRound = Pick<RoundOf, 'caseId' | 'cityId' | 'rubricId' | 'blind' | 'title' | 'state' | 'year' | 'kind' | 'publishedAt' | 'number'>;

/** `read`: the rubric and snapshot when the caller has them (selectRoundResults); otherwise they are read here. */
export async function resultsOf(db: DbOrTx, round: ResultsRound, basis: 'live' | 'published', _lang: Lang, read?: { rubric: ResultsRubric; published: PublishedResult[] | null }) {
  const head = { id: round.caseId, name: round.title, state: round.state, year: round.year, kind: round.kind };
  if (basis === 'published') {
    const [rubric, rows] = read?.published ? [read.rubric, read.published] : await Promise.all([read?.rubric ?? selectResultsRubric(db, round.rubricId), selectPublishedResults(db, round.caseId)]);
    const { dims, adjs, bands } = namesOf(rubric);
    return {
      round: head,
      basis,
      publishedAt: toIso(round.publishedAt),
      items: rows.map((r) => ({
        subject: { id: r.subjectId, name: r.name, code: r.code, ref: r.subjectRef },
        dimensions: r.dimensions.map((d) => ({ code: d.code, name: dims.get(d.code)?.name ?? d.code, score: d.points, maxPoints: dims.get(d.code)?.maxPoints ?? 0 })),
        adjustments: r.adjustments.map((a) => ({ code: a.code, name: adjs.get(a.code)?.name ?? a.code, kind: adjs.get(a.code)?.kind ?? 'bonus', points: a.points })),
        total: r.total,
        composite: r.composite,
        rank: r.rank,
        tied: r.tied,
        grade: r.gradeCode ? { code: r.gradeCode, name: bands.get(r.gradeCode)?.name ?? r.gradeCode } : null,
        complete: true,
      })),
    };
  }
  const live = await computeRoundResults(db, round, { rubric: read?.rubric });
  const { dims, adjs, bands } = namesOf(live.rubric);
  const names = new Map(live.subjects.map((s) => [s.id, s]));
  return {
    round: head,
    basis,
    publishedAt: null,
    items: live.results.map((r) => {
      const s = names.get(r.subjectId)!;
      return {
        subject: { id: s.id, name: s.name, code: s.code, ref: s.subjectRef },
        dimensions: r.dimensions.map((d) => ({ code: d.code, name: dims.get(d.code)!.name, score: d.score, maxPoints: dims.get(d.code)!.maxPoints })),
        adjustments: r.adjustments.map((a) => ({ code: a.code, name: adjs.get(a.code)!.name, kind: a.kind, points: a.points })),
        total: r.total,
        composite: r.composite,
        rank: r.rank,
        tied: r.tied,
        grade: r.gradeCode ? { code: r.gradeCode, name: bands.get(r.gradeCode)!.name } : null,
        complete: r.complete,
      };
    }),
  };
}

function namesOf(rubric: ResultsRubric) {
  return {
    dims: new Map(rubric.dimensions.map((d) => [d.code, d])),
    adjs: new Map(rubric.adjustments.map((a) => [a.code, a])),
    bands: new Map(rubric.gradeBands.map((b) => [b.code, b])),
  };
}

/**
 * One subject in full for the office: per indicator each evaluator's points (who, when, comment, evidence), the
 * self-assessment, the computed figure and the aggregate; the adjustments with their reasons.
 */
export async function subjectTrace(db: DbOrTx, ctx: RequestContext, roundId: string, subjectId: string) {
  const round = await requireRound(db, ctx, roundId, 'assessment.manage');
  const [subject] = await db.select().from(assessmentSubjects).where(and(eq(assessmentSubjects.id, subjectId), eq(assessmentSubjects.roundId, roundId)));
  if (!subject) throw notFound('assessmentSubject');
  const rubric = (await selectRubric(db, round.rubricId))!;
  const facts = await sheetFacts(db, subjectId);
  const [scores, entries, live] = await Promise.all([
    db
      .select({ indicatorId: assessmentScores.indicatorId, evaluatorId: assessmentScores.evaluatorId, name: users.displayName, points: assessmentScores.points, comment: assessmentScores.comment, evidence: assessmentScores.evidence, updatedAt: assessmentScores.updatedAt, version: assessmentScores.version, recused: assessmentAssignments.recused, submittedAt: assessmentAssignments.submittedAt })
      .from(assessmentScores)
      .innerJoin(users, eq(users.id, assessmentScores.evaluatorId))
      .innerJoin(assessmentAssignments, and(eq(assessmentAssignments.subjectId, assessmentScores.subjectId), eq(assessmentAssignments.evaluatorId, assessmentScores.evaluatorId)))
      .where(eq(assessmentScores.subjectId, subjectId))
      .orderBy(asc(users.displayName)),
    db
      .select({ id: assessmentAdjustmentEntries.id, code: assessmentAdjustments.code, name: assessmentAdjustments.name, kind: assessmentAdjustments.kind, points: assessmentAdjustmentEntries.points, reason: assessmentAdjustmentEntries.reason, givenBy: users.displayName, givenAt: assessmentAdjustmentEntries.givenAt })
      .from(assessmentAdjustmentEntries)
      .innerJoin(assessmentAdjustments, eq(assessmentAdjustments.id, assessmentAdjustmentEntries.adjustmentId))
      .leftJoin(users, eq(users.id, assessmentAdjustmentEntries.givenBy))
      .where(eq(assessmentAdjustmentEntries.subjectId, subjectId))
      .orderBy(asc(assessmentAdjustmentEntries.givenAt)),
    computeRoundResults(db, round, { rubric }),
  ]);
  const mine = live.results.find((r) => r.subjectId === subjectId)!;
  const agg = new Map(mine.indicators.map((i) => [i.code, i]));
  return {
    roundId,
    subject: { id: subject.id, name: subject.name, code: subject.code, blindLabel: subject.blindLabel, selfSubmittedAt: toIso(subject.selfSubmittedAt) },
    result: { total: mine.total, bonus: mine.bonus, deduction: mine.deduction, composite: mine.composite, rank: mine.rank, tied: mine.tied, complete: mine.complete, dimensions: mine.dimensions },
    indicators: sheetIndicators(rubric, facts, { blind: false, evidenceUrl: (id) => `/api/v1/assessment/rounds/${roundId}/subjects/${subjectId}/evidence/${id}` }).map((i) => ({
      ...i,
      aggregate: agg.get(i.code)!,
      scores: scores
        .filter((s) => s.indicatorId === i.id)
        .map((s) => ({ evaluatorId: s.evaluatorId, name: s.name, points: s.points, comment: s.comment, evidence: s.evidence, updatedAt: toIso(s.updatedAt)!, revisions: s.version - 1, counted: !s.recused && s.submittedAt !== null })),
    })),
    adjustments: entries.map((e) => ({ ...e, givenAt: toIso(e.givenAt)! })),
  };
}

/** A bonus or deduction for a subject, with its reason, while scoring or moderation runs. */
export async function addAdjustment(db: Db, ctx: RequestContext, roundId: string, subjectId: string, input: z.infer<typeof ZAdjustmentEntryInput>) {
  requirePermission(ctx.actor, 'assessment.manage');
  await db.transaction(async (tx) => {
    const round = await requireRound(tx, ctx, roundId, 'assessment.manage');
    await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, roundId)).for('share');
    if (!(ADJUSTABLE as readonly string[]).includes(round.state)) throw new AppError('invalid_state', { reason: '只有在专家评分或结果审核阶段才能录入加减分。', reasonEn: 'Adjustments are entered during scoring or moderation.' }, undefined, { currentState: round.state });
    const [subject] = await tx.select({ id: assessmentSubjects.id }).from(assessmentSubjects).where(and(eq(assessmentSubjects.id, subjectId), eq(assessmentSubjects.roundId, roundId)));
    if (!subject) throw notFound('assessmentSubject');
    const [adj] = await tx.select().from(assessmentAdjustments).where(and(eq(assessmentAdjustments.rubricId, round.rubricId), eq(assessmentAdjustments.code, input.adjustmentCode)));
    if (!adj) throw new AppError('validation', {}, [{ path: 'adjustmentCode', message: `评估标准中没有加减分项“${input.adjustmentCode}”`, messageEn: `No adjustment ${input.adjustmentCode}` }]);
    if (input.points > adj.cap) throw new AppError('validation', {}, [{ path: 'points', message: `“${adj.name}”封顶 ${adj.cap} 分`, messageEn: `${adj.name} is capped at ${adj.cap}` }]);
    const [e] = await tx.insert(assessmentAdjustmentEntries).values({ subjectId, adjustmentId: adj.id, points: input.points, reason: input.reason, givenBy: ctx.actor!.userId }).returning({ id: assessmentAdjustmentEntries.id });
    await appendAudit(tx, ctx, { action: 'assessment.adjustment', permission: 'assessment.manage', entityType: 'assessmentSubject', entityId: subjectId, detail: { roundId, entryId: e.id, adjustment: adj.code, kind: adj.kind, points: input.points, reason: input.reason } });
  });
  return subjectTrace(db, ctx, roundId, subjectId);
}

export async function removeAdjustment(db: Db, ctx: RequestContext, roundId: string, subjectId: string, entryId: string) {
  requirePermission(ctx.actor, 'assessment.manage');
  await db.transaction(async (tx) => {
    const round = await requireRound(tx, ctx, roundId, 'assessment.manage');
    await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, roundId)).for('share');
    if (!(ADJUSTABLE as readonly string[]).includes(round.state)) throw new AppError('invalid_state', { reason: '只有在专家评分或结果审核阶段才能撤销加减分。', reasonEn: 'Adjustments change during scoring or moderation only.' }, undefined, { currentState: round.state });
    const [gone] = await tx.delete(assessmentAdjustmentEntries).where(and(eq(assessmentAdjustmentEntries.id, entryId), eq(assessmentAdjustmentEntries.subjectId, subjectId))).returning();
    if (!gone) throw notFound('record');
    await appendAudit(tx, ctx, { action: 'assessment.adjustment', permission: 'assessment.manage', entityType: 'assessmentSubject', entityId: subjectId, detail: { roundId, removed: entryId, points: gone.points, reason: gone.reason } });
  });
  return subjectTrace(db, ctx, roundId, subjectId);
}

/** Reads the computed indicators again (new concerns closed, a project evaluated) until the results are published. */
export async function refreshRoundComputed(db: Db, ctx: RequestContext, roundId: string) {
  requirePermission(ctx.actor, 'assessment.manage');
  const n = await db.transaction(async (tx) => {
    const round = await requireRound(tx, ctx, roundId, 'assessment.manage');
    if (!(ADJUSTABLE as readonly string[]).includes(round.state)) throw new AppError('invalid_state', { reason: '只有在专家评分或结果审核阶段才能重新计算。', reasonEn: 'Computed indicators refresh during scoring or moderation.' }, undefined, { currentState: round.state });
    return refreshComputed(tx, round);
  });
  return { refreshed: n };
}
