import type { AdjustmentKind, Aggregation } from '../../../contracts/assessment.js';

/*
 * The aggregation rules of every round, as one pure function: per indicator the evaluators' mean (or trimmed mean),
 * capped at the indicator's maximum; dimensions and the total as sums; adjustments capped per item; the composite;
 * the grade band; the rank with ties stated. Everything is counted in hundredths of a point (integers), so the
 * dimensions always add up to the total exactly and no float error creeps into a rank.
 */

export interface AggregationRubric {
  aggregation: Aggregation;
  trimMinEvaluators: number;
  dimensions: readonly { code: string; maxPoints: number; indicators: readonly { id: string; code: string; maxPoints: number }[] }[];
  adjustments: readonly { id: string; code: string; kind: AdjustmentKind; cap: number }[];
  /** Any order; the highest band whose line the composite reaches wins. */
  gradeBands: readonly { code: string; minComposite: number }[];
}

export interface AggregationSubject {
  id: string;
  /** Indicators whose points are given, not scored (a computed formula's or a survey's, when their data exists). */
  fixed?: ReadonlyMap<string, number>;
  /** The evaluators' points per indicator id (recused evaluators' left out by the caller). */
  scores: ReadonlyMap<string, readonly number[]>;
  adjustments?: readonly { adjustmentId: string; points: number }[];
}

export interface IndicatorResult {
  code: string;
  points: number;
  /** How many evaluators' points went in, and how many after trimming. */
  evaluators: number;
  counted: number;
  fixed: boolean;
  /** Neither given nor scored: counted as 0 and the subject's result is incomplete. */
  missing: boolean;
}

export interface SubjectResult {
  subjectId: string;
  indicators: IndicatorResult[];
  dimensions: { code: string; score: number }[];
  adjustments: { code: string; kind: AdjustmentKind; points: number }[];
  total: number;
  bonus: number;
  deduction: number;
  composite: number;
  gradeCode: string | null;
  complete: boolean;
  rank: number;
  /** Another subject has the same composite (the rank is shared unless a tie-break decided it). */
  tied: boolean;
}

export interface AggregateOptions {
  /**
   * Orders subjects whose composites are equal (procurement: the lower price, then the earlier bid); each then gets
   * its own rank and `tied` still says the composites were equal. Without it tied subjects share a rank (1, 2, 2, 4).
   */
  tieBreak?: (a: string, b: string) => number;
}

const c = (points: number) => Math.round(points * 100);
const p = (hundredths: number) => hundredths / 100;

/** Mean in hundredths, rounded half up (to the nearest hundredth; .005 goes up). */
function meanOf(values: readonly number[]): number {
  const sum = values.reduce((n, v) => n + v, 0);
  return Math.floor((2 * sum + values.length) / (2 * values.length));
}

/** The evaluators' points on one indicator, in hundredths, by the rubric's rule. */
export function combine(rule: Aggregation, trimMin: number, points: readonly number[]): { value: number; counted: number } {
  const hs = points.map(c).sort((a, b) => a - b);
  const trimmed = rule === 'trimmedMean' && hs.length >= Math.max(3, trimMin) ? hs.slice(1, -1) : hs;
  return { value: meanOf(trimmed), counted: trimmed.length };
}

export function aggregate(rubric: AggregationRubric, subjects: readonly AggregationSubject[], options: AggregateOptions = {}): SubjectResult[] {
  const bands = [...rubric.gradeBands].sort((a, b) => c(b.minComposite) - c(a.minComposite));
  const unranked = subjects.map((s) => {
    const indicators: IndicatorResult[] = [];
    const dimensions = rubric.dimensions.map((d) => {
      let sum = 0;
      for (const x of d.indicators) {
        const max = c(x.maxPoints);
        const given = s.fixed?.get(x.id);
        const scored = s.scores.get(x.id) ?? [];
        let value = 0;
        let counted = 0;
        if (given !== undefined) value = c(given);
        else if (scored.length) ({ value, counted } = combine(rubric.aggregation, rubric.trimMinEvaluators, scored));
        // Caps hold whatever was entered: an indicator never exceeds its maximum nor goes below zero.
        value = Math.min(Math.max(value, 0), max);
        indicators.push({ code: x.code, points: p(value), evaluators: scored.length, counted, fixed: given !== undefined, missing: given === undefined && scored.length === 0 });
        sum += value;
      }
      return { code: d.code, score: Math.min(sum, c(d.maxPoints)) };
    });
    const total = dimensions.reduce((n, d) => n + d.score, 0);
    const adjustments = rubric.adjustments.map((a) => {
      const entered = (s.adjustments ?? []).filter((e) => e.adjustmentId === a.id).reduce((n, e) => n + Math.max(c(e.points), 0), 0);
      return { code: a.code, kind: a.kind, points: Math.min(entered, c(a.cap)) };
    });
    const bonus = adjustments.filter((a) => a.kind === 'bonus').reduce((n, a) => n + a.points, 0);
    const deduction = adjustments.filter((a) => a.kind === 'deduction').reduce((n, a) => n + a.points, 0);
    const composite = Math.max(total + bonus - deduction, 0);
    const grade = bands.find((b) => composite >= c(b.minComposite));
    return {
      subjectId: s.id,
      indicators,
      dimensions: dimensions.map((d) => ({ code: d.code, score: p(d.score) })),
      adjustments: adjustments.map((a) => ({ ...a, points: p(a.points) })),
      total: p(total),
      bonus: p(bonus),
      deduction: p(deduction),
      composite: p(composite),
      compositeH: composite,
      gradeCode: grade?.code ?? null,
      complete: indicators.every((x) => !x.missing),
    };
  });
  const counts = new Map<number, number>();
  for (const r of unranked) counts.set(r.compositeH, (counts.get(r.compositeH) ?? 0) + 1);
  const order = [...unranked].sort((a, b) => b.compositeH - a.compositeH || (options.tieBreak ? options.tieBreak(a.subjectId, b.subjectId) : 0));
  return order.map(({ compositeH, ...r }, i) => {
    const tied = counts.get(compositeH)! > 1;
    // Competition ranking: equal composites share the rank of the first of them (1, 2, 2, 4) unless a tie-break ordered them.
    const rank = options.tieBreak || !tied ? i + 1 : order.findIndex((o) => o.compositeH === compositeH) + 1;
    return { ...r, rank, tied };
  });
}

/** The most a subject can reach on the rubric: the total's maximum plus every bonus cap. */
export function compositeCeiling(rubric: AggregationRubric): number {
  const total = rubric.dimensions.reduce((n, d) => n + c(d.maxPoints), 0);
  const bonus = rubric.adjustments.filter((a) => a.kind === 'bonus').reduce((n, a) => n + c(a.cap), 0);
  return p(total + bonus);
}
