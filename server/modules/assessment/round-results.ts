import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AdjustmentKind, RoundState } from '../../../contracts/assessment.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { preparedRows } from '../../platform/db/sql.js';
import { ownCaseRound } from './round-scope.js';
import { aggregate, type AggregateOptions, type AggregationRubric, type SubjectResult } from './aggregate.js';
import { assessmentResultParts, assessmentResults, assessmentRounds } from './assessment.tables.js';

/*
 * A round's results from its rows: what the aggregation reads of the rubric version (with the names the results
 * show), each subject's evaluator scores (a recused evaluator's never count), the computed and survey indicators whose
 * data exists, and the office's adjustments — through the one aggregation (aggregate.ts). One statement for the whole round whatever its size: on a
 * loaded server each statement costs the Node process more than the aggregation itself (~0.5 ms of socket writes
 * alone, docs/PERFORMANCE.md, "Assessment (issue 18)").
 */

type RoundHead = typeof assessmentRounds.$inferSelect;

export interface RoundRow {
  caseId: string;
  cityId: string;
  rubricId: string;
  blind: boolean;
}

export interface RoundResults {
  rubric: ResultsRubric;
  subjects: { id: string; name: string; code: string; subjectType: string; subjectRef: string; regionId: string | null; blindLabel: string }[];
  results: SubjectResult[];
}

/** What the aggregation reads of a rubric version, with the names the results page shows beside the numbers. */
export interface ResultsRubric extends AggregationRubric {
  dimensions: { code: string; name: string; maxPoints: number; indicators: { id: string; code: string; maxPoints: number }[] }[];
  adjustments: { id: string; code: string; name: string; kind: AdjustmentKind; cap: number }[];
  gradeBands: { code: string; name: string; minComposite: number }[];
}

/**
 * A rubric version as the results read it, as one JSON value (its aliases r… apart from the caller's): its rule, the dimensions with their indicators, the
 * adjustment items and the grade bands, each in the rubric's order, with their names — not the scoring guide's
 * levels, the evidence asked or the formulas, which only the sheets show (selectRubric reads the whole tree in six
 * statements: most of a results request's CPU, docs/PERFORMANCE.md, "Assessment (issue 18)").
 */
const resultsRubricJson = (rubricId: SQL) => sql`(select json_build_object('aggregation', rr.aggregation, 'trimMinEvaluators', rr.trim_min_evaluators,
    'dimensions', coalesce((select json_agg(json_build_object('code', rd.code, 'name', rd.name, 'maxPoints', rd.max_points, 'indicators',
      coalesce((select json_agg(json_build_object('id', ri.id, 'code', ri.code, 'maxPoints', ri.max_points) order by ri.seq) from assessment_indicators ri where ri.dimension_id = rd.id), '[]'::json)) order by rd.seq)
      from assessment_dimensions rd where rd.rubric_id = rr.id), '[]'::json),
    'adjustments', coalesce((select json_agg(json_build_object('id', ra.id, 'code', ra.code, 'name', ra.name, 'kind', ra.kind, 'cap', ra.cap) order by ra.seq) from assessment_adjustments ra where ra.rubric_id = rr.id), '[]'::json),
    'gradeBands', coalesce((select json_agg(json_build_object('code', rb.code, 'name', rb.name, 'minComposite', rb.min_composite) order by rb.seq) from assessment_grade_bands rb where rb.rubric_id = rr.id), '[]'::json))
  from assessment_rubrics rr where rr.id = ${rubricId})`;

/** A rubric version as the results read it, in one statement (resultsRubricJson). */
export async function selectResultsRubric(db: DbOrTx, rubricId: string): Promise<ResultsRubric> {
  const [r] = await preparedRows<{ rubric: ResultsRubric | null }>(db, 'assessment_results_rubric', sql`select ${resultsRubricJson(sql`${rubricId}::uuid`)} as rubric`);
  if (!r?.rubric) throw new Error(`rubric ${rubricId} not found`);
  return r.rubric;
}

type Given = [subjectId: string, id: string, points: number];

export interface RoundRowsRow {
  rubric: ResultsRubric | null;
  subjects: RoundResults['subjects'] | null;
  /** Per subject and indicator, the evaluators' points (a round of 1,000 bids sends 5,000 of these, not 25,000 rows). */
  scores: [subjectId: string, indicatorId: string, points: number[]][] | null;
  given: Given[] | null;
  adjustments: Given[] | null;
}

/**
 * A round's rows for the aggregation in one statement — the subjects in their order, the submitted sheets' scores of
 * evaluators not recused as [subject, indicator, their points], and as [subject, indicator or item, points] the
 * computed and survey points whose data exists and the adjustments — with the rubric unless `withRubric` is false (null then; an empty list is null too).
 */
export async function selectRoundRows(db: DbOrTx, round: RoundRow, withRubric: boolean): Promise<RoundRowsRow> {
  const id = sql`${round.caseId}::uuid`;
  const [r] = await preparedRows<RoundRowsRow>(
    db,
    'assessment_round_rows',
    sql`select ${withRubric ? resultsRubricJson(sql`${round.rubricId}::uuid`) : sql`null::json`} as rubric,
      (select json_agg(json_build_object('id', s.id, 'name', s.name, 'code', s.code, 'subjectType', s.subject_type, 'subjectRef', s.subject_ref, 'regionId', s.region_id, 'blindLabel', s.blind_label) order by s.seq)
        from assessment_subjects s where s.round_id = ${id}) as subjects,
      (select json_agg(json_build_array(g.subject_id, g.indicator_id, g.points)) from (select sc.subject_id, sc.indicator_id, json_agg(sc.points) as points
        from assessment_scores sc join assessment_assignments aa on aa.subject_id = sc.subject_id and aa.evaluator_id = sc.evaluator_id
        -- Only submitted sheets count: a draft is the evaluator's own until they hand it in.
        where aa.round_id = ${id} and not aa.recused and aa.submitted_at is not null group by sc.subject_id, sc.indicator_id) g) as scores,
      (select json_agg(json_build_array(c.subject_id, c.indicator_id, c.points)) from assessment_computed c
        join assessment_subjects cs on cs.id = c.subject_id where cs.round_id = ${id} and c.points is not null) as given,
      (select json_agg(json_build_array(e.subject_id, e.adjustment_id, e.points)) from assessment_adjustment_entries e
        join assessment_subjects es on es.id = e.subject_id where es.round_id = ${id}) as adjustments`,
  );
  return r;
}

/** `options.rubric`: the round's rubric version when the caller has read it already (a whole tree will do). */
export async function computeRoundResults(db: DbOrTx, round: RoundRow, options: AggregateOptions & { rubric?: ResultsRubric } = {}): Promise<RoundResults> {
  const r = await selectRoundRows(db, round, !options.rubric);
  const rubric = options.rubric ?? r.rubric;
  if (!rubric) throw new Error(`rubric ${round.rubricId} not found`);
  const subjects = r.subjects ?? [];
  const bySubject = new Map(subjects.map((s) => [s.id, { scores: new Map<string, number[]>(), fixed: new Map<string, number>(), adjustments: [] as { adjustmentId: string; points: number }[] }]));
  for (const [subjectId, indicatorId, points] of r.scores ?? []) bySubject.get(subjectId)!.scores.set(indicatorId, points);
  for (const [subjectId, indicatorId, points] of r.given ?? []) bySubject.get(subjectId)!.fixed.set(indicatorId, points);
  for (const [subjectId, adjustmentId, points] of r.adjustments ?? []) bySubject.get(subjectId)!.adjustments.push({ adjustmentId, points });
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
  dimensions: ResultPart[];
  indicators: ResultPart[];
  adjustments: ResultPart[];
}

const PART_TABLES = { dimension: 'assessment_dimensions', indicator: 'assessment_indicators', adjustment: 'assessment_adjustments' } as const;

/** A published subject's parts of one kind as a JSON array, in the rubric's order (then by code, for a code it lacks). */
const partsJson = (part: keyof typeof PART_TABLES) => sql`coalesce((select json_agg(json_build_object('subjectId', pp.subject_id, 'part', pp.part, 'code', pp.code, 'points', pp.points) order by px.seq, pp.code)
      from assessment_result_parts pp left join ${sql.identifier(PART_TABLES[part])} px on px.rubric_id = pro.rubric_id and px.code = pp.code
      where pp.subject_id = pr.subject_id and pp.part = ${sql.raw(`'${part}'`)}), '[]'::json)`;

/**
 * The published snapshot of a round as one JSON array (its aliases p… apart from the caller's), in rank order, each
 * subject with its dimensions, adjustments and — unless left out — indicators, each in the rubric's order: it is what
 * every reader of the results page waits for, and the page shows no indicator (23 of a station's 31 parts).
 */
const publishedJson = (roundId: SQL, withIndicators: boolean) => sql`coalesce((select json_agg(json_build_object('subjectId', pr.subject_id, 'name', ps.name, 'code', ps.code, 'subjectRef', ps.subject_ref,
    'total', pr.total::float8, 'bonus', pr.bonus::float8, 'deduction', pr.deduction::float8, 'composite', pr.composite::float8, 'rank', pr.rank, 'tied', pr.tied,
    'gradeCode', pr.grade_code, 'publishedAt', pr.published_at,
    'dimensions', ${partsJson('dimension')}, 'indicators', ${withIndicators ? partsJson('indicator') : sql`'[]'::json`}, 'adjustments', ${partsJson('adjustment')}) order by pr.rank, ps.seq)
  from assessment_results pr
  join assessment_subjects ps on ps.id = pr.subject_id
  join assessment_rounds pro on pro.id = pr.round_id
  where pr.round_id = ${roundId}), '[]'::json)`;

export type PublishedResult = ReturnType<typeof toPublished>;

const toPublished = (r: PublishedRow) => ({ ...r, publishedAt: new Date(r.publishedAt) });

/** The published snapshot of a round (publishedJson), in one statement. */
export async function selectPublishedResults(db: DbOrTx, roundId: string): Promise<PublishedResult[]> {
  const [r] = await preparedRows<{ items: PublishedRow[] }>(db, 'assessment_published_results', sql`select ${publishedJson(sql`${roundId}::uuid`, true)} as items`);
  return r.items.map(toPublished);
}

interface RoundResultsRow {
  caseId: string;
  cityId: string;
  kind: RoundHead['kind'];
  year: number;
  rubricId: string;
  blind: boolean;
  publishedAt: string | null;
  state: string;
  title: string;
  number: string;
  rubric: ResultsRubric;
  published: PublishedRow[] | null;
}

/**
 * What the results page reads, in one statement: the round's head (for the access check, made on it after the read),
 * the rubric as the results read it and, once published, the snapshot — without the indicators (empty), which the
 * page does not show. On a loaded server each statement costs the
 * Node process ~0.5 ms of socket writes alone (docs/PERFORMANCE.md, "Assessment (issue 18)"), more than presenting.
 */
export async function selectRoundResults(db: DbOrTx, roundId: string) {
  const [r] = await preparedRows<RoundResultsRow>(
    db,
    'assessment_round_results',
    sql`select ro.id as "caseId", ro.city_id as "cityId", ro.kind, ro.year, ro.rubric_id as "rubricId", ro.blind, ro.published_at as "publishedAt", c.state, c.title, c.number,
      ${resultsRubricJson(sql`ro.rubric_id`)} as rubric,
      case when ro.published_at is not null then ${publishedJson(sql`ro.id`, false)} end as published
    from assessment_rounds ro
    join cases c on c.id = ro.case_id
    where ro.id = ${roundId}::uuid and ro.id = ro.case_id`,
  );
  if (!r) return undefined;
  const { rubric, published, publishedAt, state, ...round } = r;
  return { round: { ...round, state: state as RoundState, publishedAt: publishedAt === null ? null : new Date(publishedAt) }, rubric, published: published?.map(toPublished) ?? null };
}

export async function selectRound(db: DbOrTx, id: string) {
  const [r] = await db.select().from(assessmentRounds).where(and(eq(assessmentRounds.id, id), ownCaseRound));
  return r;
}
