import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, combine, compositeCeiling, type AggregationRubric, type AggregationSubject } from './aggregate.js';

// A small rubric: two dimensions (10 + 5), three indicators, a bonus capped at 3 and a deduction capped at 2.
const rubric: AggregationRubric = {
  aggregation: 'trimmedMean',
  trimMinEvaluators: 5,
  dimensions: [
    { code: 'S', maxPoints: 10, indicators: [{ id: 'i1', code: 'S1', maxPoints: 6 }, { id: 'i2', code: 'S2', maxPoints: 4 }] },
    { code: 'E', maxPoints: 5, indicators: [{ id: 'i3', code: 'E1', maxPoints: 5 }] },
  ],
  adjustments: [
    { id: 'b', code: 'B1', kind: 'bonus', cap: 3 },
    { id: 'd', code: 'D1', kind: 'deduction', cap: 2 },
  ],
  gradeBands: [
    { code: 'pass', minComposite: 9 },
    { code: 'excellent', minComposite: 13.5 },
    { code: 'fail', minComposite: 0 },
  ],
};
const scores = (o: Record<string, number[]>) => new Map(Object.entries(o));

describe('combine: one indicator', () => {
  it('means the evaluators, rounding the hundredths half up', () => {
    // (4 + 5 + 5) / 3 = 4.6666… → 4.67
    expect(combine('mean', 5, [4, 5, 5])).toEqual({ value: 467, counted: 3 });
    // (1 + 2) / 2 = 1.5; (0.01 + 0.02) / 2 = 0.015 → 0.02 (half up)
    expect(combine('mean', 5, [1, 2]).value).toBe(150);
    expect(combine('mean', 5, [0.01, 0.02]).value).toBe(2);
  });

  it('trims the highest and the lowest from five evaluators, not from four', () => {
    // 2, 4, 4.5, 5, 6 → 4, 4.5, 5 → 4.5
    expect(combine('trimmedMean', 5, [6, 2, 4.5, 5, 4])).toEqual({ value: 450, counted: 3 });
    // four evaluators: no trimming, (2 + 4 + 5 + 6) / 4 = 4.25
    expect(combine('trimmedMean', 5, [6, 2, 5, 4])).toEqual({ value: 425, counted: 4 });
    // the rubric may lower the threshold to three: 1, 3, 5 → 3
    expect(combine('trimmedMean', 3, [5, 1, 3])).toEqual({ value: 300, counted: 1 });
  });
});

describe('aggregate', () => {
  it('sums indicators into dimensions and the total, adds capped adjustments, grades and ranks', () => {
    const a: AggregationSubject = {
      id: 'A',
      // S1 from five evaluators: 3, 5, 5, 5.5, 6 → trimmed 5, 5, 5.5 → 5.17 (15.5 / 3 = 5.1666…)
      scores: scores({ i1: [5, 3, 6, 5.5, 5], i2: [4, 4, 3, 4, 4], i3: [5, 5, 5, 5, 5] }),
      // Two bonuses of 2 each are capped at 3; a deduction of 0.5.
      adjustments: [
        { adjustmentId: 'b', points: 2 },
        { adjustmentId: 'b', points: 2 },
        { adjustmentId: 'd', points: 0.5 },
      ],
    };
    const b: AggregationSubject = { id: 'B', scores: scores({ i1: [3, 3, 3], i2: [2, 2, 3], i3: [4, 4, 4] }) };
    const [first, second] = aggregate(rubric, [b, a]);
    expect(first.subjectId).toBe('A');
    expect(first.indicators.map((x) => x.points)).toEqual([5.17, 4, 5]);
    expect(first.indicators[0]).toMatchObject({ evaluators: 5, counted: 3, fixed: false, missing: false });
    expect(first.dimensions).toEqual([{ code: 'S', score: 9.17 }, { code: 'E', score: 5 }]);
    expect(first.total).toBe(14.17);
    expect(first.adjustments).toEqual([{ code: 'B1', kind: 'bonus', points: 3 }, { code: 'D1', kind: 'deduction', points: 0.5 }]);
    expect(first).toMatchObject({ bonus: 3, deduction: 0.5, composite: 16.67, gradeCode: 'excellent', rank: 1, tied: false, complete: true });
    // B: 3 + 2.33 (7 / 3) + 4 = 9.33, no adjustments → pass
    expect(second).toMatchObject({ total: 9.33, composite: 9.33, gradeCode: 'pass', rank: 2 });
  });

  it('caps an indicator at its maximum and never lets the composite go below zero', () => {
    const over: AggregationSubject = { id: 'X', scores: scores({ i1: [9], i2: [4], i3: [5] }) };
    const [x] = aggregate(rubric, [over]);
    expect(x.indicators[0].points).toBe(6);
    expect(x.total).toBe(15);
    const low: AggregationSubject = { id: 'Y', scores: scores({ i1: [0], i2: [0], i3: [1] }), adjustments: [{ adjustmentId: 'd', points: 5 }] };
    const [y] = aggregate(rubric, [low]);
    // 1 − min(5, cap 2) = −1 → 0
    expect(y).toMatchObject({ total: 1, deduction: 2, composite: 0, gradeCode: 'fail' });
  });

  it('takes given points (a computed or survey indicator) instead of scores, and marks what nobody gave as missing', () => {
    const s: AggregationSubject = { id: 'Z', fixed: new Map([['i3', 3.25]]), scores: scores({ i1: [4, 5], i3: [1] }) };
    const [z] = aggregate(rubric, [s]);
    expect(z.indicators).toEqual([
      { code: 'S1', points: 4.5, evaluators: 2, counted: 2, fixed: false, missing: false },
      { code: 'S2', points: 0, evaluators: 0, counted: 0, fixed: false, missing: true },
      { code: 'E1', points: 3.25, evaluators: 1, counted: 0, fixed: true, missing: false },
    ]);
    expect(z).toMatchObject({ total: 7.75, complete: false });
  });

  it('states ties: equal composites share a rank (1, 2, 2, 4) unless a tie-break orders them', () => {
    const subject = (id: string, e: number): AggregationSubject => ({ id, scores: scores({ i1: [6], i2: [4], i3: [e] }) });
    const all = [subject('a', 5), subject('b', 4), subject('c', 4), subject('d', 3)];
    expect(aggregate(rubric, all).map((r) => [r.subjectId, r.rank, r.tied])).toEqual([
      ['a', 1, false],
      ['b', 2, true],
      ['c', 2, true],
      ['d', 4, false],
    ]);
    // procurement's rule: the lower price first
    const price: Record<string, number> = { a: 1, b: 900, c: 800, d: 1 };
    expect(aggregate(rubric, all, { tieBreak: (x, y) => price[x] - price[y] }).map((r) => [r.subjectId, r.rank, r.tied])).toEqual([
      ['a', 1, false],
      ['c', 2, true],
      ['b', 3, true],
      ['d', 4, false],
    ]);
  });

  it('property: any scores in range give a composite within [0, max + bonus caps], and the dimensions add up to the total', () => {
    const hundredths = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n / 100);
    const indicatorIds = ['i1', 'i2', 'i3'];
    const maxOf: Record<string, number> = { i1: 6, i2: 4, i3: 5 };
    const subjectArb = fc.record({
      rule: fc.constantFrom('mean' as const, 'trimmedMean' as const),
      panel: fc.integer({ min: 1, max: 7 }),
      seed: fc.array(fc.array(hundredths(6), { minLength: 7, maxLength: 7 }), { minLength: 3, maxLength: 3 }),
      bonus: fc.array(hundredths(5), { maxLength: 4 }),
      deduction: fc.array(hundredths(5), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(subjectArb, { minLength: 1, maxLength: 8 }), (cases) => {
        for (const k of cases) {
          const r: AggregationRubric = { ...rubric, aggregation: k.rule };
          const s: AggregationSubject = {
            id: 's',
            scores: new Map(indicatorIds.map((id, i) => [id, k.seed[i].slice(0, k.panel).map((v) => Math.min(v, maxOf[id]))])),
            adjustments: [...k.bonus.map((points) => ({ adjustmentId: 'b', points })), ...k.deduction.map((points) => ({ adjustmentId: 'd', points }))],
          };
          const [res] = aggregate(r, [s]);
          const dimSum = Math.round(res.dimensions.reduce((n, d) => n + d.score * 100, 0));
          if (dimSum !== Math.round(res.total * 100)) return false;
          if (res.composite < 0 || res.composite > compositeCeiling(r)) return false;
          if (Math.round((res.total + res.bonus - res.deduction) * 100) > 0 && Math.round(res.composite * 100) !== Math.round((res.total + res.bonus - res.deduction) * 100)) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
