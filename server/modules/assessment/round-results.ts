import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { preparedRows } from '../../platform/db/sql.js';
import { aggregate, type AggregateOptions, type AggregationRubric, type SubjectResult } from './aggregate.js';
import { assessmentAdjustmentEntries, assessmentAssignments, assessmentComputed, assessmentResultParts, assessmentResults, assessmentRounds, assessmentScores, assessmentSubjects } from './assessment.tables.js';
import { aggregationRubric, type RubricTree } from './rubric.queries.js';

/*
 * A round's results from its rows: what the aggregation reads of the rubric version, each subject's evaluator scores
 * (a recused evaluator's never count), the computed and survey indicators whose data exists, and the office's
 * adjustments — through the one aggregation (aggregate.ts). Five statements for the whole round whatever its size,
 * sent together (four when the caller has the rubric already): on a loaded server each statement costs the Node
 * process more than the aggregation itself (docs/PERFORMANCE.md, "Assessment (issue 18)").
 */

export interface RoundRow {
  caseId: string;
  cityId: string;
  rubricId: string;
  blind: boolean;
}

export interface RoundResults {
  rubric: AggregationRubric;
  subjects: { id: string; name: string; code: string; subjectType: string; subjectRef: string; regionId: string | null; blindLabel: string }[];
  results: SubjectResult[];
}

/**
 * What the aggregation reads of a rubric version, in one statement: its rule, the dimensions with their indicators,
 * the adjustment items and the grade bands, each in the rubric's order (the scoring guide's levels are not read).
 */
export async function selectAggregationRubric(db: DbOrTx, rubricId: string): Promise<AggregationRubric> {
  const [r] = await preparedRows<AggregationRubric>(
    db,
    'assessment_aggregation_rubric',
    sql`select r.aggregation, r.trim_min_evaluators as "trimMinEvaluators",
      coalesce((select json_agg(json_build_object('code', d.code, 'maxPoints', d.max_points, 'indicators',
        coalesce((select json_agg(json_build_object('id', i.id, 'code', i.code, 'maxPoints', i.max_points) order by i.seq) from assessment_indicators i where i.dimension_id = d.id), '[]'::json)) order by d.seq)
        from assessment_dimensions d where d.rubric_id = r.id), '[]'::json) as dimensions,
      coalesce((select json_agg(json_build_object('id', a.id, 'code', a.code, 'kind', a.kind, 'cap', a.cap) order by a.seq) from assessment_adjustments a where a.rubric_id = r.id), '[]'::json) as adjustments,
      coalesce((select json_agg(json_build_object('code', b.code, 'minComposite', b.min_composite) order by b.seq) from assessment_grade_bands b where b.rubric_id = r.id), '[]'::json) as "gradeBands"
    from assessment_rubrics r where r.id = ${rubricId}::uuid`,
  );
  if (!r) throw new Error(`rubric ${rubricId} not found`);
  return r;
}

/** `options.rubric`: the round's rubric version when the caller has read it already (saves a statement). */
export async function computeRoundResults(db: DbOrTx, round: RoundRow, options: AggregateOptions & { rubric?: RubricTree } = {}): Promise<RoundResults> {
  const [rubric, subjects, scores, given, adjustments] = await Promise.all([
    options.rubric ? aggregationRubric(options.rubric) : selectAggregationRubric(db, round.rubricId),
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
    const list = m.get(s.indicatorId);
    if (list) list.push(s.points);
    else m.set(s.indicatorId, [s.points]);
  }
  for (const g of given) bySubject.get(g.subjectId)!.fixed.set(g.indicatorId, g.points!);
  for (const a of adjustments) bySubject.get(a.subjectId)!.adjustments.push({ adjustmentId: a.adjustmentId, points: a.points });
  const results = aggregate(
    rubric,
    subjects.map((s) => ({ id: s.id, ...bySubject.get(s.id)! })),
    { tieBreak: options.tieBreak },
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

type ResultPart = { subjectId: string; part: 'dimension' | 'indicator' | 'adjustment'; code: string; points: number };

interface PublishedRow {
  subjectId: string;
  name: string;
  code: string;
  subjectRef: string;
  total: number;
  bonus: number;
  deduction: number;
  composite: number;
  rank: number;
  tied: boolean;
  gradeCode: string | null;
  publishedAt: string;
  parts: ResultPart[];
}

/**
 * The published snapshot of a round, in rank order, each subject with its dimensions, indicators and adjustments in
 * the rubric's order — one statement (it is what every reader of the results page waits for).
 */
export async function selectPublishedResults(db: DbOrTx, roundId: string) {
  const rows = await preparedRows<PublishedRow>(
    db,
    'assessment_published_results',
    sql`select r.subject_id as "subjectId", s.name, s.code, s.subject_ref as "subjectRef", r.total::float8 as total, r.bonus::float8 as bonus,
      r.deduction::float8 as deduction, r.composite::float8 as composite, r.rank, r.tied, r.grade_code as "gradeCode", r.published_at as "publishedAt",
      coalesce((select json_agg(json_build_object('subjectId', p.subject_id, 'part', p.part, 'code', p.code, 'points', p.points) order by p.part, coalesce(d.seq, i.seq, a.seq), p.code)
        from assessment_result_parts p
        left join assessment_dimensions d on p.part = 'dimension' and d.rubric_id = ro.rubric_id and d.code = p.code
        left join assessment_indicators i on p.part = 'indicator' and i.rubric_id = ro.rubric_id and i.code = p.code
        left join assessment_adjustments a on p.part = 'adjustment' and a.rubric_id = ro.rubric_id and a.code = p.code
        where p.subject_id = r.subject_id), '[]'::json) as parts
    from assessment_results r
    join assessment_subjects s on s.id = r.subject_id
    join assessment_rounds ro on ro.case_id = r.round_id
    where r.round_id = ${roundId}::uuid
    order by r.rank, s.seq`,
  );
  return rows.map(({ parts, publishedAt, ...r }) => ({
    ...r,
    publishedAt: new Date(publishedAt),
    dimensions: parts.filter((p) => p.part === 'dimension'),
    indicators: parts.filter((p) => p.part === 'indicator'),
    adjustments: parts.filter((p) => p.part === 'adjustment'),
  }));
}

export async function selectRound(db: DbOrTx, id: string) {
  const [r] = await db.select().from(assessmentRounds).where(eq(assessmentRounds.caseId, id));
  return r;
}
