import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ZRubricInput, type RubricSpec } from '../../../contracts/assessment.js';
import { HAINING_STATIONS, SPPE_RUBRIC, TOWN_RUBRIC } from './assessment.demo-rubrics.js';

const FORMULAS = ['projects.delivered', 'projects.evaluationGrades', 'projects.indicatorProgress', 'concerns.withinLimit', 'rotation.coverage', 'orgs.incubated', 'workforce.certifiedWorkers'];

const indicatorsOf = (r: RubricSpec) => r.dimensions.flatMap((d) => d.indicators);
// Hundredths, as the contract sums points, so 0.1 + 0.2 never decides a test.
const sumOf = (points: number[]) => points.reduce((n, p) => n + Math.round(p * 100), 0) / 100;

// The demo regions are seeded from this file (server/seed/haining.ts); reading it keeps the test off the seed's imports.
function demoTownNames(): string[] {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seed/data/haining-330481-towns.csv');
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const column = header.split(',').indexOf('name');
  return lines.map((line) => line.split(',')[column]);
}

describe('Haining demo rubrics', () => {
  it('SPPE: 4 dimensions S/P1/P2/E, 23 indicators, 100 points, 2 bonus and 2 deduction items, every formula', () => {
    const r = ZRubricInput.parse(SPPE_RUBRIC);
    expect(r.dimensions.map((d) => d.code)).toEqual(['S', 'P1', 'P2', 'E']);
    expect(indicatorsOf(r)).toHaveLength(23);
    expect(sumOf(indicatorsOf(r).map((x) => x.maxPoints))).toBe(100);
    expect(sumOf(r.dimensions.map((d) => d.maxPoints))).toBe(100);
    expect(r.adjustments.filter((a) => a.kind === 'bonus')).toHaveLength(2);
    expect(r.adjustments.filter((a) => a.kind === 'deduction')).toHaveLength(2);
    expect(indicatorsOf(r).flatMap((x) => (x.formula ? [x.formula] : [])).sort()).toEqual([...FORMULAS].sort());
    expect(indicatorsOf(r).some((x) => x.source === 'survey')).toBe(true);
    expect(r.aggregation).toBe('trimmedMean');
    expect(r.gradeBands.map((b) => [b.code, b.minComposite])).toEqual([['excellent', 90], ['good', 80], ['pass', 60], ['fail', 0]]);
    for (const x of indicatorsOf(r)) {
      expect(x.guide, x.code).not.toBe('');
      expect(x.evidence, x.code).not.toBe('');
      expect(x.levels.length, x.code).toBeGreaterThanOrEqual(2);
    }
  });

  it('town assessment: 100 points in 3–5 dimensions, 10–16 indicators, known formulas only', () => {
    const r = ZRubricInput.parse(TOWN_RUBRIC);
    expect(r.dimensions.length).toBeGreaterThanOrEqual(3);
    expect(r.dimensions.length).toBeLessThanOrEqual(5);
    expect(indicatorsOf(r).length).toBeGreaterThanOrEqual(10);
    expect(indicatorsOf(r).length).toBeLessThanOrEqual(16);
    expect(sumOf(indicatorsOf(r).map((x) => x.maxPoints))).toBe(100);
    for (const x of indicatorsOf(r)) if (x.formula) expect(FORMULAS, x.code).toContain(x.formula);
    expect(r.adjustments.some((a) => a.kind === 'bonus') && r.adjustments.some((a) => a.kind === 'deduction')).toBe(true);
  });

  it('stations: one per demo town, each town named exactly as the demo regions', () => {
    const towns = demoTownNames();
    expect(towns).toHaveLength(12);
    expect(new Set(HAINING_STATIONS.map((s) => s.townName)).size).toBe(12);
    expect(HAINING_STATIONS.map((s) => s.townName).sort()).toEqual([...towns].sort());
    expect(new Set(HAINING_STATIONS.map((s) => s.operatorName)).size).toBe(12);
    for (const s of HAINING_STATIONS) expect(s.contractFrom < s.contractTo, s.name).toBe(true);
  });
});
