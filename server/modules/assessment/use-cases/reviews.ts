import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { ROUND_STATE_NAMES, type RoundState, type ZDeclarationInput, type ZSheetInput } from '../../../../contracts/assessment.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { findFile } from '../../../platform/files/files.js';
import { sendStoredFile } from '../../../platform/files/handlers.js';
import type { FileStorage } from '../../../platform/files/storage.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { assessmentAssignments, assessmentPanel, assessmentRounds, assessmentRubrics, assessmentScores, assessmentSubjects } from '../assessment.tables.js';
import { selectRubric } from '../rubric.queries.js';
import { ownCaseRound } from '../round-scope.js';
import { evidenceNumber, evidenceOf, indicatorsByCode, scoredByEvaluators, sheetFacts, sheetIndicators } from './sheets.js';

/*
 * An evaluator's side of a round (issue 18 §1). They see only the rounds they are on, and in a round only the subjects
 * assigned to them; before anything of a subject is shown they declare their conflicts of interest against the list
 * of who is assessed, and a conflict recuses them from that subject. In a blind round every response after that
 * addresses a subject by its label (受评对象 A) — never its id, name, code or its files' names — so a sheet cannot
 * be tied back to whom it scores. Anything else answers 404, as if it did not exist.
 */

type PanelRow = typeof assessmentPanel.$inferSelect;

async function myPanel(db: DbOrTx, ctx: RequestContext, roundId: string, lock = false): Promise<{ panel: PanelRow; round: typeof assessmentRounds.$inferSelect; state: RoundState; title: string }> {
  const actor = requirePermission(ctx.actor, 'assessment.score');
  const q = db
    .select({ panel: assessmentPanel, round: assessmentRounds, state: cases.state, title: cases.title })
    .from(assessmentPanel)
    .innerJoin(assessmentRounds, and(eq(assessmentRounds.id, assessmentPanel.roundId), ownCaseRound))
    .innerJoin(cases, eq(cases.id, assessmentRounds.caseId))
    .where(and(eq(assessmentPanel.roundId, roundId), eq(assessmentPanel.evaluatorId, actor.userId)));
  const [r] = lock ? await q.for('update', { of: assessmentPanel }) : await q;
  if (!r) throw new AppError('not_found', { entity: 'assessmentRound' }, undefined, { denied: true });
  return { ...r, state: r.state as RoundState };
}

/** The rounds the caller is on, with how far their own work has come. */
export async function listMyReviews(db: DbOrTx, ctx: RequestContext) {
  const actor = requirePermission(ctx.actor, 'assessment.score');
  const rows = await db
    .select({
      roundId: assessmentPanel.roundId,
      name: cases.title,
      number: cases.number,
      state: cases.state,
      kind: assessmentRounds.kind,
      year: assessmentRounds.year,
      blind: assessmentRounds.blind,
      scoringDueOn: assessmentRounds.scoringDueOn,
      declared: sql<boolean>`${assessmentPanel.state} = 'declared'`,
      assigned: sql<number>`(select count(*)::int from ${assessmentAssignments} a where a.round_id = ${assessmentPanel.roundId} and a.evaluator_id = ${actor.userId}::uuid and not a.recused)`.mapWith(Number),
      submitted: sql<number>`(select count(*)::int from ${assessmentAssignments} a where a.round_id = ${assessmentPanel.roundId} and a.evaluator_id = ${actor.userId}::uuid and not a.recused and a.submitted_at is not null)`.mapWith(Number),
    })
    .from(assessmentPanel)
    .innerJoin(assessmentRounds, and(eq(assessmentRounds.id, assessmentPanel.roundId), ownCaseRound))
    .innerJoin(cases, eq(cases.id, assessmentRounds.caseId))
    .where(and(eq(assessmentPanel.evaluatorId, actor.userId), sql`${cases.state} <> 'cancelled'`))
    .orderBy(sql`${assessmentRounds.year} desc`, asc(cases.number));
  return { items: rows.map((r) => ({ ...r, state: r.state as RoundState, stateName: labelOf(ROUND_STATE_NAMES[r.state as RoundState], ctx.lang) })) };
}

/**
 * A round as its evaluator sees it. Undeclared: who is assessed (names in alphabetical order, for the declaration),
 * nothing else. Declared: their subjects — by label, and in an open round also by name.
 */
export async function getReview(db: DbOrTx, ctx: RequestContext, roundId: string) {
  const { panel, round, state, title } = await myPanel(db, ctx, roundId);
  const [rubric] = await db.select({ name: assessmentRubrics.name, version: assessmentRubrics.version, aggregation: assessmentRubrics.aggregation }).from(assessmentRubrics).where(eq(assessmentRubrics.id, round.rubricId));
  const base = { roundId, name: title, kind: round.kind, year: round.year, state, stateName: labelOf(ROUND_STATE_NAMES[state], ctx.lang), blind: round.blind, scoringDueOn: round.scoringDueOn, rubric, declared: panel.state === 'declared', declaredAt: toIso(panel.declaredAt) };
  if (panel.state !== 'declared') {
    const mine = await db
      .select({ id: assessmentSubjects.id, name: assessmentSubjects.name })
      .from(assessmentAssignments)
      .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentAssignments.subjectId))
      .where(and(eq(assessmentAssignments.roundId, roundId), eq(assessmentAssignments.evaluatorId, panel.evaluatorId)));
    // Alphabetical, so the order says nothing of the labels to come.
    mine.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return { ...base, participants: mine, subjects: [] };
  }
  const subjects = await db
    .select({ label: assessmentSubjects.blindLabel, name: assessmentSubjects.name, code: assessmentSubjects.code, submittedAt: assessmentAssignments.submittedAt, seq: assessmentSubjects.seq })
    .from(assessmentAssignments)
    .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentAssignments.subjectId))
    .where(and(eq(assessmentAssignments.roundId, roundId), eq(assessmentAssignments.evaluatorId, panel.evaluatorId), eq(assessmentAssignments.recused, false)));
  subjects.sort((a, b) => (round.blind ? a.label.localeCompare(b.label) : a.seq - b.seq));
  return {
    ...base,
    participants: [],
    subjects: subjects.map((s) => ({ label: s.label, name: round.blind ? null : s.name, code: round.blind ? null : s.code, submittedAt: toIso(s.submittedAt) })),
  };
}

/** The declaration, once: no conflict, or the subjects they have one with (recused from those only). */
export async function declareConflicts(db: Db, ctx: RequestContext, roundId: string, input: z.infer<typeof ZDeclarationInput>) {
  await db.transaction(async (tx) => {
    const { panel, title } = await myPanel(tx, ctx, roundId, true);
    if (panel.state === 'declared') throw new AppError('invalid_state', { reason: '已声明过利益冲突情况，不能更改；如有变化请联系社工办。', reasonEn: 'You have already declared; if anything changed, contact the office.' });
    const mine = await tx.select({ subjectId: assessmentAssignments.subjectId }).from(assessmentAssignments).where(and(eq(assessmentAssignments.roundId, roundId), eq(assessmentAssignments.evaluatorId, panel.evaluatorId)));
    const ids = new Set(mine.map((m) => m.subjectId));
    const conflicts = [...new Set(input.conflictSubjectIds)];
    if (conflicts.some((id) => !ids.has(id))) throw new AppError('validation', {}, [{ path: 'conflictSubjectIds', message: '所选对象不在您的评审范围内', messageEn: 'Not one of your subjects' }]);
    if (conflicts.length && !input.note) throw new AppError('validation', {}, [{ path: 'note', message: '存在利益冲突时请说明情况', messageEn: 'Explain the conflict' }]);
    await tx.update(assessmentPanel).set({ state: 'declared', conflictNote: input.note, declaredAt: clockNow() }).where(and(eq(assessmentPanel.roundId, roundId), eq(assessmentPanel.evaluatorId, panel.evaluatorId)));
    if (conflicts.length) {
      await tx.update(assessmentAssignments).set({ recused: true }).where(and(eq(assessmentAssignments.evaluatorId, panel.evaluatorId), inArray(assessmentAssignments.subjectId, conflicts)));
      const [c] = await tx.select().from(cases).where(eq(cases.id, roundId));
      const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'assessment.manage', task: '' });
      await notifyUsers(tx, office, { kind: 'assessment.recused', title: `专家回避：${title}`, body: `${ctx.actor!.displayName} 声明与 ${conflicts.length} 个受评对象存在利益冲突并回避：${input.note ?? ''}。如某对象的评估专家不足，请另行指派。`, link: `/assessment/rounds/${roundId}`, caseId: roundId });
    }
    await appendAudit(tx, ctx, { action: 'assessment.declare', permission: 'assessment.score', entityType: 'case', entityId: roundId, detail: { conflicts, note: input.note } });
  });
  return getReview(db, ctx, roundId);
}

/** The caller's assignment to the subject behind `label`, once declared and not recused; else 404. */
async function myAssignment(db: DbOrTx, ctx: RequestContext, roundId: string, label: string, lock = false) {
  const mine = await myPanel(db, ctx, roundId);
  if (mine.panel.state !== 'declared') throw new AppError('invalid_state', { reason: '请先声明利益冲突情况，再查看材料并评分。', reasonEn: 'Declare your conflicts of interest first.' });
  const q = db
    .select({ subject: assessmentSubjects, assignment: assessmentAssignments })
    .from(assessmentAssignments)
    .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentAssignments.subjectId))
    .where(and(eq(assessmentAssignments.roundId, roundId), eq(assessmentAssignments.evaluatorId, mine.panel.evaluatorId), eq(assessmentSubjects.blindLabel, label), eq(assessmentAssignments.recused, false)));
  const [a] = lock ? await q.for('update', { of: assessmentAssignments }) : await q;
  if (!a) throw new AppError('not_found', { entity: 'assessmentSubject' }, undefined, { denied: true });
  return { ...mine, ...a };
}

/** One subject's sheet: the indicators with their guide, the subject's self-assessment and evidence, and the caller's own scores. */
export async function getSheet(db: DbOrTx, ctx: RequestContext, roundId: string, label: string) {
  const { round, state, subject, assignment, panel } = await myAssignment(db, ctx, roundId, label);
  const rubric = (await selectRubric(db, round.rubricId))!;
  const facts = await sheetFacts(db, subject.id);
  const mine = await db.select().from(assessmentScores).where(and(eq(assessmentScores.subjectId, subject.id), eq(assessmentScores.evaluatorId, panel.evaluatorId)));
  const byIndicator = new Map(mine.map((s) => [s.indicatorId, s]));
  const indicators = sheetIndicators(rubric, facts, { blind: round.blind, evidenceUrl: (id) => `/api/v1/assessment/reviews/${roundId}/subjects/${encodeURIComponent(label)}/evidence/${id}` }).map((i) => {
    const s = byIndicator.get(i.id);
    return { ...i, mine: s ? { points: s.points, comment: s.comment, evidence: s.evidence, updatedAt: toIso(s.updatedAt)! } : null };
  });
  return {
    roundId,
    label,
    name: round.blind ? null : subject.name,
    code: round.blind ? null : subject.code,
    state,
    submittedAt: toIso(assignment.submittedAt),
    // In scoring the whole sheet is open; in appeals only what an open appeal names.
    editable: state === 'scoring' || (state === 'appeals' && facts.reopened.size > 0),
    indicators,
  };
}

/**
 * Saves the caller's scores on a subject; `submit` hands the sheet in (every indicator the evaluators score must be
 * scored). A handed-in score changes only with a reason, each change audited with before and after. During appeals
 * only the indicators an open appeal names may change.
 */
export async function saveSheet(db: Db, ctx: RequestContext, roundId: string, label: string, input: z.infer<typeof ZSheetInput>) {
  await db.transaction(async (tx) => {
    const { round, state, subject, assignment, panel } = await myAssignment(tx, ctx, roundId, label, true);
    if (state !== 'scoring' && state !== 'appeals') throw new AppError('invalid_state', { reason: `轮次处于“${ROUND_STATE_NAMES[state].zh}”，现在不能评分。`, reasonEn: `The round is ${ROUND_STATE_NAMES[state].en}; no scoring now.` }, undefined, { currentState: state });
    const rubric = (await selectRubric(tx, round.rubricId))!;
    const facts = await sheetFacts(tx, subject.id);
    const byCode = indicatorsByCode(rubric);
    const errors: { path: string; message: string; messageEn: string }[] = [];
    input.scores.forEach((line, k) => {
      const i = byCode.get(line.indicatorCode);
      if (!i) return errors.push({ path: `scores.${k}.indicatorCode`, message: `评估标准中没有指标“${line.indicatorCode}”`, messageEn: `No indicator ${line.indicatorCode}` });
      if (!scoredByEvaluators(i, facts.computed)) errors.push({ path: `scores.${k}.indicatorCode`, message: `“${i.name}”由平台数据计算，无需专家评分`, messageEn: `${i.name} is computed` });
      else if (line.points > i.maxPoints) errors.push({ path: `scores.${k}.points`, message: `“${i.name}”最高 ${i.maxPoints} 分，不能给 ${line.points} 分`, messageEn: `${i.name} is out of ${i.maxPoints}` });
      else if (state === 'appeals' && !facts.reopened.has(i.id)) errors.push({ path: `scores.${k}.indicatorCode`, message: `“${i.name}”不在申诉复核范围内，不能修改`, messageEn: `${i.name} is not under appeal` });
    });
    if (new Set(input.scores.map((s) => s.indicatorCode)).size !== input.scores.length) errors.push({ path: 'scores', message: '同一指标只能出现一次', messageEn: 'Each indicator once' });
    if (errors.length) throw new AppError('validation', {}, errors);
    const before = new Map((await tx.select().from(assessmentScores).where(and(eq(assessmentScores.subjectId, subject.id), eq(assessmentScores.evaluatorId, panel.evaluatorId)))).map((s) => [s.indicatorId, s]));
    const changes = input.scores
      .map((line) => ({ line, i: byCode.get(line.indicatorCode)!, old: before.get(byCode.get(line.indicatorCode)!.id) }))
      .filter(({ line, old }) => !old || old.points !== line.points || old.comment !== line.comment || old.evidence !== line.evidence);
    const handedIn = assignment.submittedAt !== null;
    if (handedIn && changes.length && !input.reason) throw new AppError('validation', {}, [{ path: 'reason', message: '评分表已提交，修改须说明理由', messageEn: 'The sheet is in; give a reason for the change' }]);
    for (const { line, i, old } of changes) {
      await tx
        .insert(assessmentScores)
        .values({ subjectId: subject.id, indicatorId: i.id, evaluatorId: panel.evaluatorId, points: line.points, comment: line.comment, evidence: line.evidence, updatedAt: clockNow() })
        .onConflictDoUpdate({
          target: [assessmentScores.subjectId, assessmentScores.indicatorId, assessmentScores.evaluatorId],
          set: { points: line.points, comment: line.comment, evidence: line.evidence, updatedAt: clockNow(), version: (old?.version ?? 0) + 1 },
        });
    }
    if (input.submit && !handedIn) {
      const scored = new Set([...before.keys(), ...changes.map((c) => c.i.id)]);
      const missing = [...byCode.values()].filter((i) => scoredByEvaluators(i, facts.computed) && !scored.has(i.id));
      if (missing.length) throw new AppError('validation', {}, [{ path: 'scores', message: `还有 ${missing.length} 个指标未评分：${missing.map((i) => i.code).join('、')}`, messageEn: `${missing.length} indicators unscored` }]);
      await tx.update(assessmentAssignments).set({ submittedAt: clockNow() }).where(and(eq(assessmentAssignments.subjectId, subject.id), eq(assessmentAssignments.evaluatorId, panel.evaluatorId)));
    }
    if (changes.length || input.submit) {
      // The audit names the subject by id for the office's trail; the evaluator's responses never carry it in a blind round.
      await appendAudit(tx, ctx, {
        action: handedIn && changes.length ? 'assessment.scoreChange' : 'assessment.score',
        permission: 'assessment.score',
        entityType: 'assessmentSubject',
        entityId: subject.id,
        detail: {
          roundId,
          submitted: input.submit || handedIn,
          reason: input.reason ?? null,
          changes: changes.map(({ line, i, old }) => ({ indicator: i.code, from: old?.points ?? null, to: line.points })),
        },
      });
    }
  });
  return getSheet(db, ctx, roundId, label);
}

/** An evidence file of an assigned subject; in a blind round it downloads as 佐证材料-n, never under its own name. */
export async function sendReviewEvidence(db: Db, storage: FileStorage, ctx: RequestContext, roundId: string, label: string, evidenceId: string, request: FastifyRequest, reply: FastifyReply) {
  const { round, subject } = await myAssignment(db, ctx, roundId, label);
  const e = await evidenceOf(db, subject.id, evidenceId);
  if (!e) throw notFound('file');
  const file = await findFile(db, e.fileId);
  if (!file) throw notFound('file');
  const name = round.blind ? `佐证材料-${await evidenceNumber(db, subject.id, evidenceId)}.${file.extension}` : file.originalName;
  return sendStoredFile(request, reply, storage, { ...file, originalName: name });
}
