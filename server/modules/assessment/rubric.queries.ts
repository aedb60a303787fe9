import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Rubric, RubricSpec } from '../../../contracts/assessment.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { toIso } from '../../platform/db/sql.js';
import { assessmentAdjustments, assessmentDimensions, assessmentGradeBands, assessmentIndicators, assessmentLevels, assessmentRubrics } from './assessment.tables.js';

/** A rubric version's whole tree, as the API shows it and the engine reads it. */
export type RubricTree = Rubric;

/** The trees of the rubrics matching `where`, newest version first within a code; six statements whatever their number. */
export async function selectRubrics(db: DbOrTx, where: SQL | undefined): Promise<RubricTree[]> {
  const heads = await db.select().from(assessmentRubrics).where(where).orderBy(asc(assessmentRubrics.kind), asc(assessmentRubrics.code), desc(assessmentRubrics.version));
  if (!heads.length) return [];
  const ids = heads.map((h) => h.id);
  const [dims, inds, adjs, bands] = await Promise.all([
    db.select().from(assessmentDimensions).where(inArray(assessmentDimensions.rubricId, ids)).orderBy(asc(assessmentDimensions.seq)),
    db.select().from(assessmentIndicators).where(inArray(assessmentIndicators.rubricId, ids)).orderBy(asc(assessmentIndicators.seq)),
    db.select().from(assessmentAdjustments).where(inArray(assessmentAdjustments.rubricId, ids)).orderBy(asc(assessmentAdjustments.seq)),
    db.select().from(assessmentGradeBands).where(inArray(assessmentGradeBands.rubricId, ids)).orderBy(asc(assessmentGradeBands.seq)),
  ]);
  const levels = inds.length
    ? await db
        .select()
        .from(assessmentLevels)
        .where(
          inArray(
            assessmentLevels.indicatorId,
            inds.map((i) => i.id),
          ),
        )
        .orderBy(asc(assessmentLevels.seq))
    : [];
  return heads.map((h) => ({
    id: h.id,
    cityId: h.cityId,
    kind: h.kind,
    code: h.code,
    version: h.version,
    name: h.name,
    description: h.description,
    state: h.state,
    aggregation: h.aggregation,
    trimMinEvaluators: h.trimMinEvaluators,
    maxPoints: h.maxPoints,
    publishedAt: toIso(h.publishedAt),
    rowVersion: h.rowVersion,
    dimensions: dims
      .filter((d) => d.rubricId === h.id)
      .map((d) => ({
        code: d.code,
        name: d.name,
        maxPoints: d.maxPoints,
        indicators: inds
          .filter((i) => i.dimensionId === d.id)
          .map((i) => ({
            id: i.id,
            code: i.code,
            name: i.name,
            maxPoints: i.maxPoints,
            source: i.source,
            formula: i.formula,
            target: i.target,
            guide: i.guide,
            evidence: i.evidence,
            levels: levels.filter((l) => l.indicatorId === i.id).map((l) => ({ name: l.name, minPoints: l.minPoints, maxPoints: l.maxPoints, description: l.description })),
          })),
      })),
    adjustments: adjs.filter((a) => a.rubricId === h.id).map((a) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind, cap: a.cap, rule: a.rule })),
    gradeBands: bands.filter((b) => b.rubricId === h.id).map((b) => ({ code: b.code, name: b.name, minComposite: b.minComposite })),
  }));
}

export async function selectRubric(db: DbOrTx, id: string): Promise<RubricTree | undefined> {
  const [r] = await selectRubrics(db, eq(assessmentRubrics.id, id));
  return r;
}

/** The published version of a city's rubric code, if any. */
export async function selectPublishedRubric(db: DbOrTx, cityId: string, code: string): Promise<RubricTree | undefined> {
  const [r] = await selectRubrics(db, and(eq(assessmentRubrics.cityId, cityId), eq(assessmentRubrics.code, code), eq(assessmentRubrics.state, 'published')));
  return r;
}

/** The highest version number a city's rubric code has reached. */
export async function selectLastVersion(tx: DbOrTx, cityId: string, code: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${assessmentRubrics.version}), 0)`.mapWith(Number) })
    .from(assessmentRubrics)
    .where(and(eq(assessmentRubrics.cityId, cityId), eq(assessmentRubrics.code, code)));
  return row.n;
}

/** Writes a tree under `rubricId` (a new version, or a draft's replacement after its old tree was deleted). */
export async function insertTree(tx: Tx, rubricId: string, spec: RubricSpec): Promise<void> {
  const dims = await tx
    .insert(assessmentDimensions)
    .values(spec.dimensions.map((d, i) => ({ rubricId, code: d.code, name: d.name, maxPoints: d.maxPoints, seq: i + 1 })))
    .returning({ id: assessmentDimensions.id, code: assessmentDimensions.code });
  const dimId = new Map(dims.map((d) => [d.code, d.id]));
  let seq = 0;
  const indicatorRows = spec.dimensions.flatMap((d) =>
    d.indicators.map((x) => ({ rubricId, dimensionId: dimId.get(d.code)!, code: x.code, name: x.name, maxPoints: x.maxPoints, source: x.source, formula: x.formula, target: x.target, guide: x.guide, evidence: x.evidence, seq: ++seq })),
  );
  const inds = await tx.insert(assessmentIndicators).values(indicatorRows).returning({ id: assessmentIndicators.id, code: assessmentIndicators.code });
  const indId = new Map(inds.map((i) => [i.code, i.id]));
  const levels = spec.dimensions.flatMap((d) => d.indicators.flatMap((x) => x.levels.map((l, k) => ({ indicatorId: indId.get(x.code)!, seq: k + 1, name: l.name, minPoints: l.minPoints, maxPoints: l.maxPoints, description: l.description }))));
  if (levels.length) await tx.insert(assessmentLevels).values(levels);
  if (spec.adjustments.length) await tx.insert(assessmentAdjustments).values(spec.adjustments.map((a, i) => ({ rubricId, code: a.code, name: a.name, kind: a.kind, cap: a.cap, rule: a.rule, seq: i + 1 })));
  if (spec.gradeBands.length) await tx.insert(assessmentGradeBands).values(spec.gradeBands.map((b, i) => ({ rubricId, code: b.code, name: b.name, minComposite: b.minComposite, seq: i + 1 })));
}

/** A draft's tree goes before its replacement is written (a published tree is never touched). */
export async function deleteTree(tx: Tx, rubricId: string): Promise<void> {
  await tx.delete(assessmentLevels).where(inArray(assessmentLevels.indicatorId, tx.select({ id: assessmentIndicators.id }).from(assessmentIndicators).where(eq(assessmentIndicators.rubricId, rubricId))));
  await tx.delete(assessmentIndicators).where(eq(assessmentIndicators.rubricId, rubricId));
  await tx.delete(assessmentDimensions).where(eq(assessmentDimensions.rubricId, rubricId));
  await tx.delete(assessmentAdjustments).where(eq(assessmentAdjustments.rubricId, rubricId));
  await tx.delete(assessmentGradeBands).where(eq(assessmentGradeBands.rubricId, rubricId));
}

/** The sum of the dimensions' maxima, in points (to two decimals). */
export function maxPointsOf(spec: RubricSpec): number {
  return spec.dimensions.reduce((n, d) => n + Math.round(d.maxPoints * 100), 0) / 100;
}

/** A tree as the spec that wrote it: to write it again (another city's copy, the next version's draft). */
export function specOfTree(t: RubricTree): RubricSpec {
  return {
    kind: t.kind,
    code: t.code,
    name: t.name,
    description: t.description,
    aggregation: t.aggregation,
    trimMinEvaluators: t.trimMinEvaluators,
    dimensions: t.dimensions.map((d) => ({
      code: d.code,
      name: d.name,
      maxPoints: d.maxPoints,
      indicators: d.indicators.map((i) => ({ code: i.code, name: i.name, maxPoints: i.maxPoints, source: i.source, formula: i.formula, target: i.target, guide: i.guide, evidence: i.evidence, levels: i.levels })),
    })),
    adjustments: t.adjustments.map((a) => ({ code: a.code, name: a.name, kind: a.kind, cap: a.cap, rule: a.rule })),
    gradeBands: t.gradeBands.map((b) => ({ code: b.code, name: b.name, minComposite: b.minComposite })),
  };
}
