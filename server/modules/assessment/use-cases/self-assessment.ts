import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { ROUND_STATE_NAMES, type ZAppealInput, type ZSelfInput } from '../../../../contracts/assessment.js';
import { reachesCity, requirePermission } from '../../../platform/access/policy.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { addWorkingDays, todayInChina } from '../../../platform/calendar/calendar.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { findFile } from '../../../platform/files/files.js';
import { keepUpload, sendStoredFile } from '../../../platform/files/handlers.js';
import type { FileStorage } from '../../../platform/files/storage.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { assessmentAppealIndicators, assessmentAppeals, assessmentAssignments, assessmentEvidence, assessmentSelfScores, assessmentSubjects } from '../assessment.tables.js';
import { selectRubric } from '../rubric.queries.js';
import { presentAppeals } from './appeals.js';
import { ownsSubject, requireOwnSubject, requireRound } from '../assessment.policy.js';
import { evidenceOf, indicatorsByCode, sheetFacts, sheetIndicators } from './sheets.js';
import { notifyPanel } from './round-notices.js';

/*
 * A subject's own side (issue 18 §2, §3): its own people — a station's operator for a station, the town's staff for
 * the town's yearly assessment (assessment.policy.ts, by the subject's type) — fill in the self-assessment with
 * evidence while it is open, and appeal the published result within the notice, naming indicators. The town's staff
 * follow their station's sheet read-only. Another town's subject, or one of a type that is not theirs, answers 404.
 */

const EVIDENCE_STATES = ['open', 'selfAssessment', 'scoring'] as const;
const MAX_EVIDENCE_PER_INDICATOR = 10;

/**
 * The caller's own subjects in a round (the 本单位评估 page): a station's operator, their station; a town's staff, their
 * town in its yearly assessment and, to follow, their station in SPPE.
 */
export async function listMySubjects(db: DbOrTx, ctx: RequestContext, roundId: string) {
  const actor = requirePermission(ctx.actor, 'assessment.self');
  await requireRound(db, ctx, roundId);
  const rows = await db
    .select({ id: assessmentSubjects.id, name: assessmentSubjects.name, code: assessmentSubjects.code, subjectType: assessmentSubjects.subjectType, regionPath: regions.path, selfSubmittedAt: assessmentSubjects.selfSubmittedAt })
    .from(assessmentSubjects)
    .innerJoin(regions, eq(regions.id, assessmentSubjects.regionId))
    .where(eq(assessmentSubjects.roundId, roundId))
    .orderBy(asc(assessmentSubjects.seq));
  const mine = rows.filter((r) => ownsSubject(actor, r, 'read'));
  // `mayAct`: the subject's own people fill it in; the town's staff follow their station's read-only.
  return { items: mine.map((r) => ({ id: r.id, name: r.name, code: r.code, selfSubmittedAt: toIso(r.selfSubmittedAt), mayAct: ownsSubject(actor, r, 'act') })) };
}

/** The subject's sheet as its own people see it: guide, their self-assessment, their evidence, the computed figures, their appeals. */
export async function getSelfSheet(db: DbOrTx, ctx: RequestContext, roundId: string, subjectId: string) {
  const { subject, state, mayAct } = await requireOwnSubject(db, ctx, roundId, subjectId, 'read');
  const round = await requireRound(db, ctx, roundId);
  const rubric = (await selectRubric(db, round.rubricId))!;
  const facts = await sheetFacts(db, subjectId);
  return {
    roundId,
    subjectId,
    name: subject.name,
    state,
    selfDueOn: round.selfDueOn,
    noticeEndsOn: round.noticeEndsOn,
    selfSubmittedAt: toIso(subject.selfSubmittedAt),
    // What the caller may do now: a reader (the town's staff on their station's sheet) may do none of it.
    selfEditable: mayAct && state === 'selfAssessment' && !subject.selfSubmittedAt,
    evidenceOpen: mayAct && (EVIDENCE_STATES as readonly string[]).includes(state),
    mayAppeal: mayAct && state === 'notice' && !!round.noticeEndsOn && todayInChina() <= round.noticeEndsOn,
    indicators: sheetIndicators(rubric, facts, { blind: false, evidenceUrl: (id) => `/api/v1/assessment/rounds/${roundId}/subjects/${subjectId}/evidence/${id}` }),
    appeals: await presentAppeals(db, and(eq(assessmentAppeals.subjectId, subjectId))!),
    version: subject.version,
  };
}

/** Saves the self-assessment of the `self` indicators; `submit` hands it in (every one scored). */
export async function saveSelfSheet(db: Db, ctx: RequestContext, roundId: string, subjectId: string, input: z.infer<typeof ZSelfInput>) {
  await db.transaction(async (tx) => {
    const { subject, state } = await requireOwnSubject(tx, ctx, roundId, subjectId);
    await tx.select({ id: assessmentSubjects.id }).from(assessmentSubjects).where(eq(assessmentSubjects.id, subjectId)).for('update');
    if (state !== 'selfAssessment') throw new AppError('invalid_state', { reason: `轮次处于“${ROUND_STATE_NAMES[state].zh}”，现在不能填写自评。`, reasonEn: 'Self-assessment is not open.' }, undefined, { currentState: state });
    if (subject.selfSubmittedAt) throw new AppError('invalid_state', { reason: '自评已提交，不能再修改。', reasonEn: 'The self-assessment is already submitted.' });
    const round = await requireRound(tx, ctx, roundId);
    const rubric = (await selectRubric(tx, round.rubricId))!;
    const byCode = indicatorsByCode(rubric);
    const errors: { path: string; message: string; messageEn: string }[] = [];
    input.items.forEach((it, k) => {
      const i = byCode.get(it.indicatorCode);
      if (!i) errors.push({ path: `items.${k}.indicatorCode`, message: `评估标准中没有指标“${it.indicatorCode}”`, messageEn: `No indicator ${it.indicatorCode}` });
      else if (i.source !== 'self') errors.push({ path: `items.${k}.indicatorCode`, message: `“${i.name}”不是自评指标`, messageEn: `${i.name} is not self-assessed` });
      else if (it.points > i.maxPoints) errors.push({ path: `items.${k}.points`, message: `“${i.name}”最高 ${i.maxPoints} 分，自评不能给 ${it.points} 分`, messageEn: `${i.name} is out of ${i.maxPoints}` });
    });
    if (errors.length) throw new AppError('validation', {}, errors);
    for (const it of input.items) {
      const i = byCode.get(it.indicatorCode)!;
      await tx
        .insert(assessmentSelfScores)
        .values({ subjectId, indicatorId: i.id, points: it.points, note: it.note, updatedBy: ctx.actor!.userId, updatedAt: clockNow() })
        .onConflictDoUpdate({ target: [assessmentSelfScores.subjectId, assessmentSelfScores.indicatorId], set: { points: it.points, note: it.note, updatedBy: ctx.actor!.userId, updatedAt: clockNow() } });
    }
    if (input.submit) {
      const have = new Set((await tx.select({ id: assessmentSelfScores.indicatorId }).from(assessmentSelfScores).where(eq(assessmentSelfScores.subjectId, subjectId))).map((r) => r.id));
      const missing = [...byCode.values()].filter((i) => i.source === 'self' && !have.has(i.id));
      if (missing.length) throw new AppError('validation', {}, [{ path: 'items', message: `还有 ${missing.length} 个自评指标未填写：${missing.map((i) => i.code).join('、')}`, messageEn: `${missing.length} self-assessed indicators left` }]);
      await tx.update(assessmentSubjects).set({ selfSubmittedAt: clockNow(), version: sql`${assessmentSubjects.version} + 1` }).where(eq(assessmentSubjects.id, subjectId));
      const [c] = await tx.select().from(cases).where(eq(cases.id, roundId));
      const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'assessment.manage', task: '' });
      await notifyUsers(tx, office, { kind: 'assessment.selfSubmitted', title: `自评已提交：${subject.name}`, body: `${subject.name}已提交“${c.title}”的自评。`, link: `/assessment/rounds/${roundId}`, caseId: roundId });
    }
    await appendAudit(tx, ctx, { action: 'assessment.self', permission: 'assessment.self', entityType: 'assessmentSubject', entityId: subjectId, detail: { roundId, items: input.items.map((i) => ({ indicator: i.indicatorCode, points: i.points })), submitted: input.submit } });
  });
  return getSelfSheet(db, ctx, roundId, subjectId);
}

/** An evidence file for an indicator, by the subject's own people while the round is open to evidence. */
export async function addEvidence(db: Db, storage: FileStorage, ctx: RequestContext, roundId: string, subjectId: string, indicatorCode: string, part: MultipartFile) {
  const { state } = await requireOwnSubject(db, ctx, roundId, subjectId);
  if (!(EVIDENCE_STATES as readonly string[]).includes(state)) throw new AppError('invalid_state', { reason: '评分结束后不能再上传佐证材料。', reasonEn: 'Evidence closes with scoring.' }, undefined, { currentState: state });
  const round = await requireRound(db, ctx, roundId);
  const i = indicatorsByCode((await selectRubric(db, round.rubricId))!).get(indicatorCode);
  if (!i) throw new AppError('validation', {}, [{ path: 'indicator', message: `评估标准中没有指标“${indicatorCode}”`, messageEn: `No indicator ${indicatorCode}` }]);
  return keepUpload(db, storage, part, { fallbackName: '佐证材料', uploadedBy: ctx.actor!.userId }, async (tx, file) => {
    const [n] = await tx.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(assessmentEvidence).where(and(eq(assessmentEvidence.subjectId, subjectId), eq(assessmentEvidence.indicatorId, i.id)));
    if (n.n >= MAX_EVIDENCE_PER_INDICATOR) throw new AppError('validation', {}, [{ path: 'file', message: `每个指标最多 ${MAX_EVIDENCE_PER_INDICATOR} 份佐证材料`, messageEn: `At most ${MAX_EVIDENCE_PER_INDICATOR} files an indicator` }]);
    const [e] = await tx.insert(assessmentEvidence).values({ subjectId, indicatorId: i.id, fileId: file.id, uploadedBy: ctx.actor!.userId }).onConflictDoNothing().returning({ id: assessmentEvidence.id });
    if (!e) throw new AppError('duplicate', { field: '佐证材料', value: file.originalName });
    await appendAudit(tx, ctx, { action: 'assessment.evidence', permission: 'assessment.self', entityType: 'assessmentSubject', entityId: subjectId, detail: { roundId, indicator: i.code, fileId: file.id, sha256: file.sha256, size: file.size } });
    return { id: e.id, name: file.originalName, size: file.size, mime: file.mime, url: `/api/v1/assessment/rounds/${roundId}/subjects/${subjectId}/evidence/${e.id}` };
  });
}

/** An evidence file, for the subject's own people and the office of its city. */
export async function sendSubjectEvidence(db: Db, storage: FileStorage, ctx: RequestContext, roundId: string, subjectId: string, evidenceId: string, request: FastifyRequest, reply: FastifyReply) {
  const round = await requireRound(db, ctx, roundId);
  if (!reachesCity(ctx.actor, 'assessment.manage', round.cityId)) await requireOwnSubject(db, ctx, roundId, subjectId, 'read');
  const e = await evidenceOf(db, subjectId, evidenceId);
  if (!e) throw notFound('file');
  const file = await findFile(db, e.fileId);
  if (!file) throw notFound('file');
  return sendStoredFile(request, reply, storage, file);
}

/**
 * An appeal against the published result, within the notice: it names the indicators and why; only those are
 * reopened to the subject's evaluators when the notice closes. One open appeal a subject.
 */
export async function raiseAppeal(db: Db, ctx: RequestContext, roundId: string, subjectId: string, input: z.infer<typeof ZAppealInput>) {
  const id = await db.transaction(async (tx) => {
    const { subject, state, title } = await requireOwnSubject(tx, ctx, roundId, subjectId);
    const round = await requireRound(tx, ctx, roundId);
    await tx.select({ id: assessmentSubjects.id }).from(assessmentSubjects).where(eq(assessmentSubjects.id, subjectId)).for('update');
    const today = todayInChina();
    if (state !== 'notice' || !round.noticeEndsOn || today > round.noticeEndsOn) throw new AppError('invalid_state', { reason: round.noticeEndsOn ? `申诉须在公示期内（至 ${round.noticeEndsOn}）提出。` : '结果尚未公示，不能申诉。', reasonEn: 'Appeals are raised during the notice period only.' }, undefined, { currentState: state });
    const [open] = await tx.select({ id: assessmentAppeals.id }).from(assessmentAppeals).where(and(eq(assessmentAppeals.subjectId, subjectId), eq(assessmentAppeals.state, 'open')));
    if (open) throw new AppError('invalid_state', { reason: '已有一件申诉待答复，请在其中补充说明。', reasonEn: 'An appeal is already open for this subject.' });
    const rubric = (await selectRubric(tx, round.rubricId))!;
    const byCode = indicatorsByCode(rubric);
    const errors = input.indicators.flatMap((x, k) => (byCode.has(x.code) ? [] : [{ path: `indicators.${k}.code`, message: `评估标准中没有指标“${x.code}”`, messageEn: `No indicator ${x.code}` }]));
    if (new Set(input.indicators.map((x) => x.code)).size !== input.indicators.length) errors.push({ path: 'indicators', message: '同一指标只能申诉一次', messageEn: 'Each indicator once' });
    if (errors.length) throw new AppError('validation', {}, errors);
    const dueOn = await addWorkingDays(tx, round.noticeEndsOn, round.appealWorkingDays);
    const [a] = await tx.insert(assessmentAppeals).values({ roundId, subjectId, reason: input.reason, dueOn, raisedBy: ctx.actor!.userId }).returning({ id: assessmentAppeals.id });
    await tx.insert(assessmentAppealIndicators).values(input.indicators.map((x) => ({ appealId: a.id, indicatorId: byCode.get(x.code)!.id, reason: x.reason })));
    await appendAudit(tx, ctx, { action: 'assessment.appeal', permission: 'assessment.self', entityType: 'assessmentSubject', entityId: subjectId, detail: { roundId, appealId: a.id, indicators: input.indicators.map((x) => x.code) } });
    const [c] = await tx.select().from(cases).where(eq(cases.id, roundId));
    const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'assessment.manage', task: '' });
    await notifyUsers(tx, office, { kind: 'assessment.appeal', title: `评估申诉：${subject.name}`, body: `${subject.name}对“${title}”的 ${input.indicators.length} 个指标提出申诉，须于 ${dueOn} 前答复。`, link: `/assessment/rounds/${roundId}`, caseId: roundId });
    const evaluators = await tx.select({ id: assessmentAssignments.evaluatorId }).from(assessmentAssignments).where(and(eq(assessmentAssignments.subjectId, subjectId), eq(assessmentAssignments.recused, false)));
    await notifyPanel(tx, c, { title: `申诉复核：${title}`, body: `有受评对象对 ${input.indicators.map((x) => x.code).join('、')} 提出申诉；公示期满后请在申诉复核阶段重新审阅这些指标的评分。` }, evaluators.map((e) => e.id));
    return a.id;
  });
  const [appeal] = await presentAppeals(db, eq(assessmentAppeals.id, id));
  return appeal;
}
