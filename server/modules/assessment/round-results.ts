import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { aggregate, type AggregateOptions, type SubjectResult } from './aggregate.js';
import { assessmentAdjustmentEntries, assessmentAssignments, assessmentComputed, assessmentResultParts, assessmentResults, assessmentRounds, assessmentScores, assessmentSubjects } from './assessment.tables.js';
import { aggregationRubric, selectRubric, type RubricTree } from './rubric.queries.js';

/*
 * A round's results from its rows: the rubric version's tree, each subject's evaluator scores (a recused evaluator's
 * never count), the computed and survey indicators whose data exists, and the office's adjustments — through the one
 * aggregation (aggregate.ts). Four statements for the whole round whatever its size.
 */

export interface RoundRow {
  caseId: string;
  cityId: string;
  rubricId: string;
  blind: boolean;
}

export interface RoundResults {
  rubric: RubricTree;
  subjects: { id: string; name: string; code: string; subjectType: string; subjectRef: string; regionId: string | null; blindLabel: string }[];
  results: SubjectResult[];
}

export async function computeRoundResults(db: DbOrTx, round: RoundRow, options: AggregateOptions = {}): Promise<RoundResults> {
  const rubric = (await selectRubric(db, round.rubricId))!;
  const [subjects, scores, given, adjustments] = await Promise.all([
    db
      .select({ id: assessmentSubjects.id, name: assessmentSubjects.name, code: assessmentSubjects.code, subjectType: assessmentSubjects.subjectType, subjectRef: assessmentSubjects.subjectRef, regionId: assessmentSubjects.regionId, blindLabel: assessmentSubjects.blindLabel })
      .from(assessmentSubjects)
      .where(eq(assessmentSubjects.roundId, round.caseId))
      .orderBy(asc(assessmentSubjects.seq)),
    db
      .select({ subjectId: assessmentScores.subjectId, indicatorId: assessmentScores.indicatorId, points: assessmentScores.points })
      .from(assessmentScores)
      .innerJoin(assessmentAssignments, and(eq(assessmentAssignments.subjectId, assessmentScores.subjectId), eq(assessmentAssignments.evaluatorId, assessmentScores.evaluatorId)))
      // Only submitted sheets count: a draft is the evaluator's own until they hand it in.
      .where(and(eq(assessmentAssignments.roundId, round.caseId), eq(assessmentAssignments.recused, false), isNotNull(assessmentAssignments.submittedAt))),
    db
      .select({ subjectId: assessmentComputed.subjectId, indicatorId: assessmentComputed.indicatorId, points: assessmentComputed.points })
      .from(assessmentComputed)
      .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentComputed.subjectId))
      .where(and(eq(assessmentSubjects.roundId, round.caseId), isNotNull(assessmentComputed.points))),
    db
      .select({ subjectId: assessmentAdjustmentEntries.subjectId, adjustmentId: assessmentAdjustmentEntries.adjustmentId, points: assessmentAdjustmentEntries.points })
      .from(assessmentAdjustmentEntries)
      .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentAdjustmentEntries.subjectId))
      .where(eq(assessmentSubjects.roundId, round.caseId)),
  ]);
  const bySubject = new Map(subjects.map((s) => [s.id, { scores: new Map<string, number[]>(), fixed: new Map<string, number>(), adjustments: [] as { adjustmentId: string; points: number }[] }]));
  for (const s of scores) {
    const m = bySubject.get(s.subjectId)!.scores;
    m.set(s.indicatorId, [...(m.get(s.indicatorId) ?? []), s.points]);
  }
  for (const g of given) bySubject.get(g.subjectId)!.fixed.set(g.indicatorId, g.points!);
  for (const a of adjustments) bySubject.get(a.subjectId)!.adjustments.push({ adjustmentId: a.adjustmentId, points: a.points });
  const results = aggregate(
    aggregationRubric(rubric),
    subjects.map((s) => ({ id: s.id, ...bySubject.get(s.id)! })),
    options,
  );
  return { rubric, subjects, results };
}

/** Writes the results as published (or final): the snapshot the notice, the portal and the reports read. */
export async function snapshotResults(tx: Tx, roundId: string, r: RoundResults, at: Date): Promise<void> {
  const ids = r.subjects.map((s) => s.id);
  if (!ids.length) return;
  await tx.delete(assessmentResultParts).where(inArray(assessmentResultParts.subjectId, ids));
  await tx.delete(assessmentResults).where(eq(assessmentResults.roundId, roundId));
  await tx.insert(assessmentResults).values(
    r.results.map((x) => ({ subjectId: x.subjectId, roundId, total: x.total, bonus: x.bonus, deduction: x.deduction, composite: x.composite, rank: x.rank, tied: x.tied, gradeCode: x.gradeCode, publishedAt: at })),
  );
  const parts = r.results.flatMap((x) => [
    ...x.dimensions.map((d) => ({ subjectId: x.subjectId, part: 'dimension' as const, code: d.code, points: d.score })),
    ...x.indicators.map((i) => ({ subjectId: x.subjectId, part: 'indicator' as const, code: i.code, points: i.points })),
    ...x.adjustments.map((a) => ({ subjectId: x.subjectId, part: 'adjustment' as const, code: a.code, points: a.points })),
  ]);
  // A large round (a thousand bids) would pass the bind-parameter limit in one statement.
  for (let i = 0; i < parts.length; i += 5000) await tx.insert(assessmentResultParts).values(parts.slice(i, i + 5000));
}

/** The published snapshot of a round, in rank order. */
export async function selectPublishedResults(db: DbOrTx, roundId: string) {
  const rows = await db
    .select({
      subjectId: assessmentResults.subjectId,
      name: assessmentSubjects.name,
      code: assessmentSubjects.code,
      subjectRef: assessmentSubjects.subjectRef,
      total: assessmentResults.total,
      bonus: assessmentResults.bonus,
      deduction: assessmentResults.deduction,
      composite: assessmentResults.composite,
      rank: assessmentResults.rank,
      tied: assessmentResults.tied,
      gradeCode: assessmentResults.gradeCode,
      publishedAt: assessmentResults.publishedAt,
    })
    .from(assessmentResults)
    .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentResults.subjectId))
    .where(eq(assessmentResults.roundId, roundId))
    .orderBy(asc(assessmentResults.rank), asc(assessmentSubjects.seq));
  const parts = rows.length
    ? await db
        .select()
        .from(assessmentResultParts)
        .where(inArray(assessmentResultParts.subjectId, sql`(select ${assessmentSubjects.id} from ${assessmentSubjects} where ${assessmentSubjects.roundId} = ${roundId}::uuid)`))
    : [];
  const of = (subjectId: string, part: 'dimension' | 'indicator' | 'adjustment') => parts.filter((p) => p.subjectId === subjectId && p.part === part);
  return rows.map((r) => ({ ...r, dimensions: of(r.subjectId, 'dimension'), indicators: of(r.subjectId, 'indicator'), adjustments: of(r.subjectId, 'adjustment') }));
}

export async function selectRound(db: DbOrTx, id: string) {
  const [r] = await db.select().from(assessmentRounds).where(eq(assessmentRounds.caseId, id));
  return r;
}
