import { and, asc, eq } from 'drizzle-orm';
import type { RubricTree } from '../rubric.queries.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { files } from '../../../platform/files/files.tables.js';
import { assessmentAppealIndicators, assessmentAppeals, assessmentComputed, assessmentEvidence, assessmentSelfScores } from '../assessment.tables.js';

/*
 * What a sheet shows of one subject, indicator by indicator, to whoever may see it (its evaluator, its own people,
 * the office): the guide, the self-assessment with its evidence, the computed figure. `blind` names evidence by
 * number, never by the file's own name.
 */

export type Indicator = RubricTree['dimensions'][number]['indicators'][number];

/** Which indicators the evaluators score: manual and self ones, and computed or survey ones whose data is absent. */
export function scoredByEvaluators(i: Indicator, computed: ReadonlyMap<string, { points: number | null }>): boolean {
  if (i.source === 'manual' || i.source === 'self') return true;
  const v = computed.get(i.id);
  return !v || v.points === null;
}

export async function sheetFacts(db: DbOrTx, subjectId: string) {
  const [self, evidence, computed, reopened] = await Promise.all([
    db.select().from(assessmentSelfScores).where(eq(assessmentSelfScores.subjectId, subjectId)),
    db
      .select({ id: assessmentEvidence.id, indicatorId: assessmentEvidence.indicatorId, fileName: files.originalName, size: files.size, mime: files.mime, uploadedAt: assessmentEvidence.uploadedAt })
      .from(assessmentEvidence)
      .innerJoin(files, eq(files.id, assessmentEvidence.fileId))
      .where(eq(assessmentEvidence.subjectId, subjectId))
      .orderBy(asc(assessmentEvidence.uploadedAt), asc(assessmentEvidence.id)),
    db.select().from(assessmentComputed).where(eq(assessmentComputed.subjectId, subjectId)),
    db
      .select({ indicatorId: assessmentAppealIndicators.indicatorId })
      .from(assessmentAppealIndicators)
      .innerJoin(assessmentAppeals, eq(assessmentAppeals.id, assessmentAppealIndicators.appealId))
      .where(and(eq(assessmentAppeals.subjectId, subjectId), eq(assessmentAppeals.state, 'open'))),
  ]);
  return {
    self: new Map(self.map((s) => [s.indicatorId, s])),
    evidence,
    computed: new Map(computed.map((c) => [c.indicatorId, c])),
    reopened: new Set(reopened.map((r) => r.indicatorId)),
  };
}

export type SheetFacts = Awaited<ReturnType<typeof sheetFacts>>;

/** The indicators of a sheet with what is known of each; `evidenceUrl` builds the link a viewer may follow. */
export function sheetIndicators(rubric: RubricTree, f: SheetFacts, opts: { blind: boolean; evidenceUrl: (evidenceId: string) => string }) {
  let n = 0;
  const numbered = new Map(f.evidence.map((e) => [e.id, ++n]));
  return rubric.dimensions.flatMap((d) =>
    d.indicators.map((i) => {
      const self = f.self.get(i.id);
      const computed = f.computed.get(i.id);
      return {
        id: i.id,
        code: i.code,
        name: i.name,
        dimensionCode: d.code,
        dimensionName: d.name,
        maxPoints: i.maxPoints,
        source: i.source,
        guide: i.guide,
        evidenceAsked: i.evidence,
        levels: i.levels,
        scoredByEvaluators: scoredByEvaluators(i, f.computed),
        reopened: f.reopened.has(i.id),
        self: self ? { points: self.points, note: self.note } : null,
        computed: computed ? { points: computed.points, figure: computed.figure, sample: computed.sample, computedAt: toIso(computed.computedAt)! } : null,
        evidence: f.evidence
          .filter((e) => e.indicatorId === i.id)
          .map((e) => ({ id: e.id, name: opts.blind ? `佐证材料 ${numbered.get(e.id)}` : e.fileName, size: e.size, mime: e.mime, url: opts.evidenceUrl(e.id) })),
      };
    }),
  );
}

/** Indicators by code, for inputs that name them. */
export function indicatorsByCode(rubric: RubricTree): Map<string, Indicator> {
  return new Map(rubric.dimensions.flatMap((d) => d.indicators.map((i) => [i.code, i] as const)));
}

export async function evidenceOf(db: DbOrTx, subjectId: string, evidenceId: string) {
  const [e] = await db
    .select({ id: assessmentEvidence.id, fileId: assessmentEvidence.fileId })
    .from(assessmentEvidence)
    .where(and(eq(assessmentEvidence.subjectId, subjectId), eq(assessmentEvidence.id, evidenceId)));
  return e;
}

/** The ordinal of an evidence file among the subject's (what a blind download is called). */
export async function evidenceNumber(db: DbOrTx, subjectId: string, evidenceId: string): Promise<number> {
  const rows = await db.select({ id: assessmentEvidence.id }).from(assessmentEvidence).where(eq(assessmentEvidence.subjectId, subjectId)).orderBy(asc(assessmentEvidence.uploadedAt), asc(assessmentEvidence.id));
  return rows.findIndex((r) => r.id === evidenceId) + 1;
}

