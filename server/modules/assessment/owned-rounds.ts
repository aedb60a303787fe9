import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, exists, inArray, sql } from 'drizzle-orm';
import type { OwnedRoundKind, RubricSpec, SubjectType } from '../../../contracts/assessment.js';
import { RUBRIC_KIND_NAMES } from '../../../contracts/assessment.js';
import { roleGrants, users } from '../../platform/auth/auth.tables.js';
import { clockNow } from '../../platform/clock.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { AppError, conflict } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { assessmentAssignments, assessmentPanel, assessmentRounds, assessmentRubrics, assessmentScores, assessmentSubjects } from './assessment.tables.js';
import { computeRoundResults } from './round-results.js';
import { selectLastVersion, selectRubric, selectRubrics, type RubricTree } from './rubric.queries.js';
import { blindLabels } from './use-cases/rounds.js';
import { writeRubricVersion } from './use-cases/rubrics.js';

/*
 * Rounds that score a step of another module's case (issue 18 §1, "moved onto it"): a project's expert review of its
 * bids and its final evaluation. The owning module keeps its rules — who may act, in which state, what the result
 * decides — and calls these for the scoring: the city's published rubric of the kind, the panel and its conflict
 * declarations, each evaluator's sheet indicator by indicator, and the one aggregation (aggregate.ts) over them. No
 * permission is checked here: the caller has checked its own, in the transaction it hands in, and audits its act.
 */

export interface OwnedSubject {
  type: SubjectType;
  ref: string;
  name: string;
  code: string;
}

export interface OwnedRound {
  id: string;
  rubricId: string;
  cityId: string;
}

/** A criterion of the round's rubric as the owning module shows it: one indicator scored by the evaluators. */
export interface OwnedCriterion {
  key: string;
  name: string;
  maxPoints: number;
  description: string;
}

/** The city's published rubric of an owned kind (the latest published, should the office keep several codes). */
export async function publishedRubricOf(db: DbOrTx, cityId: string, kind: OwnedRoundKind): Promise<RubricTree | undefined> {
  const [head] = await db
    .select({ id: assessmentRubrics.id })
    .from(assessmentRubrics)
    .where(and(eq(assessmentRubrics.cityId, cityId), eq(assessmentRubrics.kind, kind), eq(assessmentRubrics.state, 'published')))
    .orderBy(desc(assessmentRubrics.publishedAt))
    .limit(1);
  return head ? selectRubric(db, head.id) : undefined;
}

/** Each indicator of a rubric, in its order, as a criterion. */
export function criteriaOf(rubric: RubricTree): OwnedCriterion[] {
  return rubric.dimensions.flatMap((d) => d.indicators.map((i) => ({ key: i.code, name: i.name, maxPoints: i.maxPoints, description: i.guide })));
}

/**
 * Opens the round scoring `kind` for a case, on its city's published rubric version (a later edit of the rubric
 * never changes how this round scores), with its subjects.
 */
export async function openOwnedRound(tx: Tx, input: { caseId: string; cityId: string; kind: OwnedRoundKind; year: number; subjects: OwnedSubject[] }): Promise<OwnedRound> {
  const rubric = await publishedRubricOf(tx, input.cityId, input.kind);
  const what = RUBRIC_KIND_NAMES[input.kind];
  if (!rubric) throw new AppError('invalid_state', { reason: `本市尚未发布“${what.zh}”的评估标准，请先由管理员在评估标准中发布。`, reasonEn: `This city has no published rubric for ${what.en}; an administrator must publish one first.` });
  const id = randomUUID();
  await tx.insert(assessmentRounds).values({ id, caseId: input.caseId, cityId: input.cityId, kind: input.kind, year: input.year, rubricId: rubric.id });
  await addSubjects(tx, id, input.subjects, 0);
  return { id, rubricId: rubric.id, cityId: input.cityId };
}

async function addSubjects(tx: Tx, roundId: string, subjects: OwnedSubject[], already: number): Promise<void> {
  if (!subjects.length) return;
  const labels = blindLabels(roundId, already + subjects.length).slice(already);
  for (let k = 0; k < subjects.length; k += 1000) {
    await tx.insert(assessmentSubjects).values(
      subjects.slice(k, k + 1000).map((s, i) => ({ roundId, subjectType: s.type, subjectRef: s.ref, name: s.name, code: s.code, blindLabel: labels[k + i], seq: already + k + i + 1 })),
    );
  }
}

/** The round scoring `kind` in a case, if one was opened. */
export async function ownedRoundOf(db: DbOrTx, caseId: string, kind: OwnedRoundKind): Promise<OwnedRound | undefined> {
  const [r] = await db
    .select({ id: assessmentRounds.id, rubricId: assessmentRounds.rubricId, cityId: assessmentRounds.cityId })
    .from(assessmentRounds)
    .where(and(eq(assessmentRounds.caseId, caseId), eq(assessmentRounds.kind, kind)));
  return r;
}

/** The criteria a round scores on (its rubric version's indicators). */
export async function roundCriteria(db: DbOrTx, round: OwnedRound): Promise<OwnedCriterion[]> {
  const rubric = await selectRubric(db, round.rubricId);
  return rubric ? criteriaOf(rubric) : [];
}

/** The criteria of several cases' rounds of one kind, by case (a release names how each project was scored). */
export async function criteriaByCase(db: DbOrTx, caseIds: readonly string[], kind: OwnedRoundKind): Promise<Map<string, OwnedCriterion[]>> {
  const out = new Map<string, OwnedCriterion[]>();
  if (!caseIds.length) return out;
  const rounds = await db
    .select({ caseId: assessmentRounds.caseId, rubricId: assessmentRounds.rubricId })
    .from(assessmentRounds)
    .where(and(inArray(assessmentRounds.caseId, [...caseIds]), eq(assessmentRounds.kind, kind)));
  const rubricIds = [...new Set(rounds.map((r) => r.rubricId))];
  const trees = rubricIds.length ? await selectRubrics(db, inArray(assessmentRubrics.id, rubricIds)) : [];
  const byId = new Map(trees.map((t) => [t.id, criteriaOf(t)]));
  for (const r of rounds) out.set(r.caseId, byId.get(r.rubricId) ?? []);
  return out;
}

/**
 * Puts evaluators on the round's panel, each assigned to every subject; `declared` when the owning step needs no
 * declaration (the office's own evaluator of a project). Only active evaluators: a field error on `path` otherwise.
 * Answers the ones newly added.
 */
export async function joinPanel(tx: Tx, roundId: string, evaluatorIds: readonly string[], opts: { assignedBy: string; declared?: boolean; anyUser?: boolean; path?: string }): Promise<string[]> {
  const ids = [...new Set(evaluatorIds)];
  const found = opts.anyUser ? ids.map((id) => ({ id })) : await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.status, 'active'),
        inArray(users.id, ids),
        exists(tx.select({ one: sql`1` }).from(roleGrants).where(and(eq(roleGrants.userId, users.id), eq(roleGrants.role, 'evaluator')))),
      ),
    );
  if (found.length !== ids.length) throw new AppError('validation', {}, [{ path: opts.path ?? 'userIds', message: '所选人员不是在册的评审专家', messageEn: 'Not every user is an active evaluator' }]);
  const now = clockNow();
  const added = await tx
    .insert(assessmentPanel)
    .values(ids.map((evaluatorId) => ({ roundId, evaluatorId, assignedBy: opts.assignedBy, assignedAt: now, ...(opts.declared ? { state: 'declared' as const, declaredAt: now } : {}) })))
    .onConflictDoNothing()
    .returning({ evaluatorId: assessmentPanel.evaluatorId });
  const subjects = await tx.select({ id: assessmentSubjects.id }).from(assessmentSubjects).where(eq(assessmentSubjects.roundId, roundId));
  const rows = added.flatMap((a) => subjects.map((s) => ({ subjectId: s.id, evaluatorId: a.evaluatorId, roundId })));
  for (let k = 0; k < rows.length; k += 2000) await tx.insert(assessmentAssignments).values(rows.slice(k, k + 2000)).onConflictDoNothing();
  return added.map((a) => a.evaluatorId);
}

export type SeatState = 'assigned' | 'declared' | 'recused';

/** An evaluator's seat: assigned (not yet declared), declared without a conflict, or recused from every subject. */
const seatState = sql<SeatState>`case when ${assessmentPanel.state} = 'assigned' then 'assigned'
  when exists (select 1 from ${assessmentAssignments} a where a.round_id = ${assessmentPanel.roundId} and a.evaluator_id = ${assessmentPanel.evaluatorId} and not a.recused) then 'declared'
  else 'recused' end`;

export async function seatOf(db: DbOrTx, roundId: string, evaluatorId: string, lock = false): Promise<{ state: SeatState; conflictNote: string | null } | undefined> {
  if (lock) await db.select({ one: sql`1` }).from(assessmentPanel).where(and(eq(assessmentPanel.roundId, roundId), eq(assessmentPanel.evaluatorId, evaluatorId))).for('update');
  const [s] = await db
    .select({ state: seatState, conflictNote: assessmentPanel.conflictNote })
    .from(assessmentPanel)
    .where(and(eq(assessmentPanel.roundId, roundId), eq(assessmentPanel.evaluatorId, evaluatorId)));
  return s;
}

/**
 * The declaration before anything of a subject is shown: no conflict opens the subjects to the evaluator; a
 * conflict recuses them from every subject of the round. Once made it stands (409 on a second).
 */
export async function declareSeat(tx: Tx, roundId: string, evaluatorId: string, input: { hasConflict: boolean; note?: string | null }): Promise<'declared' | 'recused'> {
  const seat = await seatOf(tx, roundId, evaluatorId, true);
  if (!seat) throw new AppError('not_found', { entity: 'round' }, undefined, { denied: true });
  if (seat.state !== 'assigned') throw new AppError('invalid_state', { reason: '已声明过利益冲突情况，不能更改；如有变化请联系社工办。', reasonEn: 'You have already declared your conflicts of interest and cannot change the declaration; if anything has changed, contact the social work office.' });
  await tx
    .update(assessmentPanel)
    .set({ state: 'declared', conflictNote: input.note ?? null, declaredAt: clockNow() })
    .where(and(eq(assessmentPanel.roundId, roundId), eq(assessmentPanel.evaluatorId, evaluatorId)));
  if (input.hasConflict) await tx.update(assessmentAssignments).set({ recused: true }).where(and(eq(assessmentAssignments.roundId, roundId), eq(assessmentAssignments.evaluatorId, evaluatorId)));
  return input.hasConflict ? 'recused' : 'declared';
}

/** The panel with each evaluator's seat and how many subjects they have handed a sheet in for. */
export async function panelOf(db: DbOrTx, roundId: string) {
  return db
    .select({
      userId: assessmentPanel.evaluatorId,
      name: users.displayName,
      state: seatState,
      conflictNote: assessmentPanel.conflictNote,
      scored: sql<number>`(select count(*)::int from ${assessmentAssignments} a where a.round_id = ${assessmentPanel.roundId} and a.evaluator_id = ${assessmentPanel.evaluatorId} and a.submitted_at is not null)`.mapWith(Number),
      assignedAt: assessmentPanel.assignedAt,
    })
    .from(assessmentPanel)
    .innerJoin(users, eq(users.id, assessmentPanel.evaluatorId))
    .where(eq(assessmentPanel.roundId, roundId))
    .orderBy(asc(assessmentPanel.assignedAt), asc(users.displayName));
}

export interface Sheet {
  scores: Record<string, number>;
  total: number;
  comment: string | null;
}

/**
 * An evaluator's sheet for one subject: a score for every criterion, whole points within each maximum (the owning
 * module's rule, `wholePoints`), handed in at once. Field errors name `path`.<criterion>. Answers the total.
 */
export async function submitSheet(
  tx: Tx,
  round: OwnedRound,
  subjectRef: string,
  evaluatorId: string,
  input: { scores: Record<string, number>; comment?: string | null },
  opts: { path: string },
): Promise<number> {
  const [a] = await tx
    .select({ subjectId: assessmentAssignments.subjectId, recused: assessmentAssignments.recused })
    .from(assessmentAssignments)
    .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentAssignments.subjectId))
    .where(and(eq(assessmentAssignments.roundId, round.id), eq(assessmentAssignments.evaluatorId, evaluatorId), eq(assessmentSubjects.subjectRef, subjectRef)))
    .for('update', { of: assessmentAssignments });
  if (!a || a.recused) throw new AppError('not_found', { entity: 'subject' }, undefined, { denied: true });
  const [head] = await tx.select({ finalizedAt: assessmentRounds.finalizedAt }).from(assessmentRounds).where(eq(assessmentRounds.id, round.id));
  if (head.finalizedAt) throw new AppError('invalid_state', { reason: '评审结果已确定，评分不能再更改。', reasonEn: 'The result is final; the scores can no longer change.' });
  const rubric = await selectRubric(tx, round.rubricId);
  const indicators = rubric!.dimensions.flatMap((d) => d.indicators);
  const errors: { path: string; message: string; messageEn: string }[] = [];
  for (const k of Object.keys(input.scores)) if (!indicators.some((i) => i.code === k)) errors.push({ path: `${opts.path}.${k}`, message: `评分标准中没有“${k}”`, messageEn: `No criterion ${k}` });
  for (const i of indicators) {
    const v = input.scores[i.code];
    if (v === undefined) errors.push({ path: `${opts.path}.${i.code}`, message: `请为“${i.name}”评分`, messageEn: `Score ${i.name}` });
    else if (v > i.maxPoints) errors.push({ path: `${opts.path}.${i.code}`, message: `“${i.name}”最高 ${i.maxPoints} 分，不能给 ${v} 分`, messageEn: `${i.name} is out of ${i.maxPoints}` });
  }
  if (errors.length) throw new AppError('validation', {}, errors);
  const now = clockNow();
  await tx
    .insert(assessmentScores)
    .values(indicators.map((i) => ({ subjectId: a.subjectId, indicatorId: i.id, evaluatorId, points: input.scores[i.code], updatedAt: now })))
    .onConflictDoUpdate({
      target: [assessmentScores.subjectId, assessmentScores.indicatorId, assessmentScores.evaluatorId],
      set: { points: sql`excluded.points`, updatedAt: now, version: sql`${assessmentScores.version} + 1` },
    });
  await tx
    .update(assessmentAssignments)
    .set({ submittedAt: now, comment: input.comment ?? null })
    .where(and(eq(assessmentAssignments.subjectId, a.subjectId), eq(assessmentAssignments.evaluatorId, evaluatorId)));
  return indicators.reduce((n, i) => n + Math.round(input.scores[i.code] * 100), 0) / 100;
}

/** The owning step has decided on the round's result (a project's evaluation recorded): it is final and read-only. */
export async function finalizeOwnedRound(tx: Tx, roundId: string): Promise<void> {
  const now = clockNow();
  await tx.update(assessmentRounds).set({ publishedAt: now, finalizedAt: now }).where(eq(assessmentRounds.id, roundId));
}

/** An evaluator's handed-in sheets in a round, by subject ref. */
export async function sheetsOf(db: DbOrTx, roundId: string, evaluatorId: string): Promise<Map<string, Sheet>> {
  const found = await db
    .select({ ref: assessmentSubjects.subjectRef, code: sql<string>`i.code`, points: assessmentScores.points, comment: assessmentAssignments.comment })
    .from(assessmentAssignments)
    .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentAssignments.subjectId))
    .innerJoin(assessmentScores, and(eq(assessmentScores.subjectId, assessmentAssignments.subjectId), eq(assessmentScores.evaluatorId, assessmentAssignments.evaluatorId)))
    .innerJoin(sql`assessment_indicators i`, sql`i.id = ${assessmentScores.indicatorId}`)
    .where(and(eq(assessmentAssignments.roundId, roundId), eq(assessmentAssignments.evaluatorId, evaluatorId), sql`${assessmentAssignments.submittedAt} is not null`));
  const out = new Map<string, Sheet>();
  for (const r of found) {
    const s = out.get(r.ref) ?? { scores: {}, total: 0, comment: r.comment };
    s.scores[r.code] = r.points;
    s.total = Math.round(s.total * 100 + r.points * 100) / 100;
    out.set(r.ref, s);
  }
  return out;
}

export interface OwnedResult {
  ref: string;
  name: string;
  /** The composite: per criterion the evaluators' mean (aggregate.ts), summed. */
  score: number;
  gradeCode: string | null;
  rank: number;
  tied: boolean;
  /** Each counted evaluator's total, in the panel's order. */
  evaluatorTotals: number[];
}

/**
 * The round's results through the one aggregation: only declared, unrecused evaluators' handed-in sheets count.
 * `missing` names each (evaluator, subject) still owed; `tieBreak` orders equal scores by the subjects' refs.
 */
export async function ownedRoundResults(db: DbOrTx, round: OwnedRound, opts: { tieBreak?: (refA: string, refB: string) => number } = {}) {
  const [panel, subjects, sheets] = await Promise.all([
    panelOf(db, round.id),
    db.select({ id: assessmentSubjects.id, ref: assessmentSubjects.subjectRef }).from(assessmentSubjects).where(eq(assessmentSubjects.roundId, round.id)),
    db
      .select({ subjectId: assessmentAssignments.subjectId, evaluatorId: assessmentAssignments.evaluatorId, submitted: sql<boolean>`${assessmentAssignments.submittedAt} is not null`, recused: assessmentAssignments.recused })
      .from(assessmentAssignments)
      .where(eq(assessmentAssignments.roundId, round.id)),
  ]);
  const refOf = new Map(subjects.map((s) => [s.id, s.ref]));
  const tieBreak = opts.tieBreak;
  // The round's own id keys its rows (round-results.ts reads them by it).
  const r = await computeRoundResults(db, { caseId: round.id, cityId: round.cityId, rubricId: round.rubricId, blind: false }, tieBreak ? { tieBreak: (a, b) => tieBreak(refOf.get(a)!, refOf.get(b)!) } : {});
  const counted = panel.filter((p) => p.state === 'declared');
  const totals = await db
    .select({ subjectId: assessmentScores.subjectId, evaluatorId: assessmentScores.evaluatorId, total: sql<number>`sum(${assessmentScores.points})::float8`.mapWith(Number) })
    .from(assessmentScores)
    .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentScores.subjectId))
    .where(eq(assessmentSubjects.roundId, round.id))
    .groupBy(assessmentScores.subjectId, assessmentScores.evaluatorId);
  const missing: { evaluatorName: string; subjectName: string }[] = [];
  for (const p of counted) {
    for (const s of r.subjects) {
      const a = sheets.find((x) => x.subjectId === s.id && x.evaluatorId === p.userId);
      if (a && !a.recused && !a.submitted) missing.push({ evaluatorName: p.name, subjectName: s.name });
    }
  }
  const nameOf = new Map(r.subjects.map((s) => [s.id, s.name]));
  const items: OwnedResult[] = r.results.map((x) => ({
    ref: refOf.get(x.subjectId)!,
    name: nameOf.get(x.subjectId)!,
    score: x.composite,
    gradeCode: x.gradeCode,
    rank: x.rank,
    tied: x.tied,
    evaluatorTotals: counted.flatMap((p) => {
      const a = sheets.find((y) => y.subjectId === x.subjectId && y.evaluatorId === p.userId);
      const t = totals.find((y) => y.subjectId === x.subjectId && y.evaluatorId === p.userId);
      return a && a.submitted && !a.recused && t ? [t.total] : [];
    }),
  }));
  return { items, missing, declared: counted.length, complete: counted.length > 0 && r.subjects.length > 0 && missing.length === 0 };
}

/**
 * A new published version of a city's rubric of an owned kind, made whole from the owning module's settings form
 * (criteria and grade bands): written and published at once, retiring the one before — the rounds that used it keep
 * it. `expectedVersion` is the version the form was read at (409 when another edit came first).
 */
export async function publishOwnedRubric(
  tx: Tx,
  ctx: RequestContext,
  cityId: string,
  kind: OwnedRoundKind,
  input: { name: string; description: string; criteria: OwnedCriterion[]; gradeBands: { code: string; name: string; minComposite: number }[] },
  expectedVersion: number,
): Promise<RubricTree> {
  const current = await publishedRubricOf(tx, cityId, kind);
  if ((current?.version ?? 0) !== expectedVersion) throw conflict(current?.version ?? 0);
  const code = current?.code ?? kind;
  const spec = ownedRubricSpec(kind, code, input);
  const version = (await selectLastVersion(tx, cityId, code)) + 1;
  const id = await writeRubricVersion(tx, { cityId, spec, version, createdBy: ctx.actor?.userId ?? null, state: 'published', retirePrevious: true });
  await appendAudit(tx, ctx, { action: 'assessment.rubricPublish', permission: 'assessment.manage', entityType: 'rubric', entityId: id, detail: { code, version, kind, retired: current ? [current.version] : [] } });
  return (await selectRubric(tx, id))!;
}

/** A one-dimension rubric of manual indicators: how a settings form's criteria sit on the engine. */
export function ownedRubricSpec(kind: OwnedRoundKind, code: string, input: { name: string; description: string; criteria: OwnedCriterion[]; gradeBands: { code: string; name: string; minComposite: number }[] }): RubricSpec {
  const max = input.criteria.reduce((n, c) => n + Math.round(c.maxPoints * 100), 0) / 100;
  return {
    kind,
    code,
    name: input.name,
    description: input.description,
    aggregation: 'mean',
    trimMinEvaluators: 5,
    dimensions: [
      {
        code: kind === 'evaluation' ? 'final' : 'review',
        name: kind === 'evaluation' ? '终期评估' : '专家评审',
        maxPoints: max,
        indicators: input.criteria.map((c) => ({ code: c.key, name: c.name, maxPoints: c.maxPoints, source: 'manual' as const, formula: null, target: null, guide: c.description, evidence: '', levels: [] })),
      },
    ],
    adjustments: [],
    gradeBands: input.gradeBands,
  };
}

/**
 * Rounds scored before the platform (a past year's projects from the paper archive, the demo's history): each a round
 * on the city's published rubric of `kind` with one subject and one evaluator's handed-in sheet, written in bulk.
 * A criterion the rubric lacks, or points above its maximum, stop the import. Answers each case's round id.
 */
export async function importOwnedSheets(
  tx: Tx,
  kind: OwnedRoundKind,
  cityId: string,
  items: readonly { caseId: string; year: number; subject: OwnedSubject; evaluatorId: string; at: Date; scores: Record<string, number> }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!items.length) return out;
  const rubric = await publishedRubricOf(tx, cityId, kind);
  if (!rubric) throw new Error(`city ${cityId} has no published ${kind} rubric`);
  const indicators = new Map(rubric.dimensions.flatMap((d) => d.indicators).map((i) => [i.code, i]));
  const rounds = items.map((x) => ({ ...x, roundId: randomUUID(), subjectId: randomUUID() }));
  for (const r of rounds) {
    for (const [code, points] of Object.entries(r.scores)) {
      const i = indicators.get(code);
      if (!i || points < 0 || points > i.maxPoints) throw new Error(`case ${r.caseId}: ${code} = ${points} is not on rubric ${rubric.code} v${rubric.version}`);
    }
    out.set(r.caseId, r.roundId);
  }
  for (let k = 0; k < rounds.length; k += 500) {
    const part = rounds.slice(k, k + 500);
    await tx.insert(assessmentRounds).values(part.map((r) => ({ id: r.roundId, caseId: r.caseId, cityId, kind, year: r.year, rubricId: rubric.id, publishedAt: r.at, finalizedAt: r.at })));
    await tx.insert(assessmentSubjects).values(part.map((r) => ({ id: r.subjectId, roundId: r.roundId, subjectType: r.subject.type, subjectRef: r.subject.ref, name: r.subject.name, code: r.subject.code, blindLabel: blindLabels(r.roundId, 1)[0], seq: 1 })));
    await tx.insert(assessmentPanel).values(part.map((r) => ({ roundId: r.roundId, evaluatorId: r.evaluatorId, state: 'declared' as const, declaredAt: r.at, assignedAt: r.at })));
    await tx.insert(assessmentAssignments).values(part.map((r) => ({ subjectId: r.subjectId, evaluatorId: r.evaluatorId, roundId: r.roundId, submittedAt: r.at })));
    await tx.insert(assessmentScores).values(part.flatMap((r) => Object.entries(r.scores).map(([code, points]) => ({ subjectId: r.subjectId, indicatorId: indicators.get(code)!.id, evaluatorId: r.evaluatorId, points, updatedAt: r.at }))));
  }
  return out;
}
