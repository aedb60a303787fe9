import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type RoundState, type ZPanelInput, type ZRoundInput, type ZRoundQuery } from '../../../../contracts/assessment.js';
import { cityForWrite, cityListWhere } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { roleGrants, users } from '../../../platform/auth/auth.tables.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { openCase } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { assessmentAppeals, assessmentAssignments, assessmentPanel, assessmentRounds, assessmentRubrics, assessmentSubjects, workStations } from '../assessment.tables.js';
import { requireRound } from '../assessment.policy.js';
import { presentRound } from '../assessment.presenter.js';
import { ownCaseRound } from '../round-scope.js';
import { selectRubric } from '../rubric.queries.js';
import { notifyPanel } from './round-notices.js';

/*
 * Rounds (issue 18 §1): the office opens one over a published rubric version — its subjects are the city's stations
 * (SPPE) or towns (the yearly assessment) as they stand that day — names the panel, and moves it on the case engine
 * (round.case.ts). Reading a round is assessment.read over its city; every write is assessment.manage there.
 */


/** A blind round's labels: 受评对象 A, B, … in an order drawn from the round's id, so it says nothing of the name. */
export function blindLabels(roundId: string, n: number): string[] {
  const letters = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : `${String.fromCharCode(65 + Math.floor(i / 26) - 1)}${String.fromCharCode(65 + (i % 26))}`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => hashOf(`${roundId}:${a}`) - hashOf(`${roundId}:${b}`) || a - b);
  const labels = new Array<string>(n);
  order.forEach((subjectIndex, k) => (labels[subjectIndex] = letters(k)));
  return labels;
}
const hashOf = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0);

interface SubjectSeed {
  subjectType: 'station' | 'town' | 'bid' | 'proposal' | 'project';
  subjectRef: string;
  name: string;
  code: string;
  regionId: string | null;
}

/** The subjects an SPPE or town round takes from the city as it stands: its stations, or its towns. */
async function citySubjects(tx: Tx, cityId: string, kind: 'sppe' | 'town'): Promise<SubjectSeed[]> {
  if (kind === 'sppe') {
    const rows = await tx.select({ id: workStations.id, name: workStations.name, code: workStations.code, regionId: workStations.regionId }).from(workStations).where(eq(workStations.cityId, cityId)).orderBy(asc(workStations.code));
    return rows.map((r) => ({ subjectType: 'station', subjectRef: r.id, name: r.name, code: r.code, regionId: r.regionId }));
  }
  const [city] = await tx.select({ path: regions.path }).from(regions).where(eq(regions.id, cityId));
  const towns = await tx
    .select({ id: regions.id, name: regions.name, code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, 'town'), isNull(regions.retiredAt), sql`${regions.path} like ${`${city.path}%`}`))
    .orderBy(asc(regions.code));
  return towns.map((t) => ({ subjectType: 'town', subjectRef: t.id, name: t.name, code: t.code, regionId: t.id }));
}

/** Opens a round on the engine with its subjects; the case sits on the city. Used by the office's route and the seed. */
export async function openRoundIn(tx: Tx, ctx: RequestContext, input: z.output<typeof ZRoundInput>, cityId: string, subjects?: SubjectSeed[]): Promise<string> {
  const rubric = await selectRubric(tx, input.rubricId);
  if (!rubric || rubric.cityId !== cityId) throw new AppError('validation', {}, [{ path: 'rubricId', message: '评估标准不存在或不属于本市', messageEn: 'No such rubric in this city' }]);
  if (rubric.state === 'draft') throw new AppError('validation', {}, [{ path: 'rubricId', message: '评估标准尚未发布，不能用于评估轮次', messageEn: 'The rubric is not published' }]);
  const [city] = await tx.select({ path: regions.path, name: regions.name }).from(regions).where(eq(regions.id, cityId));
  const list = subjects ?? (rubric.kind === 'sppe' || rubric.kind === 'town' ? await citySubjects(tx, cityId, rubric.kind) : []);
  if (!list.length) {
    throw new AppError('validation', {}, [{ path: 'rubricId', message: rubric.kind === 'sppe' ? '本市尚未登记社工站，无法开展 SPPE 评估' : '没有可评估的对象', messageEn: 'Nothing to assess in this city' }]);
  }
  const c = await openCase(
    tx,
    ctx,
    caseTypeOf('assessmentRound'),
    {
      variant: rubric.kind,
      title: input.name,
      regionPath: city.path,
      ownerUserId: null,
      details: async (row) => {
        await tx.insert(assessmentRounds).values({
          id: row.id,
          caseId: row.id,
          cityId,
          kind: rubric.kind,
          year: input.year,
          rubricId: rubric.id,
          blind: input.blind,
          selfDueOn: input.selfDueOn,
          scoringDueOn: input.scoringDueOn,
          noticeWorkingDays: input.noticeWorkingDays,
          appealWorkingDays: input.appealWorkingDays,
        });
        const labels = blindLabels(row.id, list.length);
        for (let k = 0; k < list.length; k += 1000) {
          await tx.insert(assessmentSubjects).values(list.slice(k, k + 1000).map((s, i) => ({ ...s, roundId: row.id, blindLabel: labels[k + i], seq: k + i + 1 })));
        }
      },
    },
    'assessment.manage',
  );
  await appendAudit(tx, ctx, { action: 'assessment.round', permission: 'assessment.manage', entityType: 'case', entityId: c.id, detail: { number: c.number, kind: rubric.kind, year: input.year, rubric: `${rubric.code} v${rubric.version}`, subjects: list.length, city: city.name } });
  return c.id;
}

export async function openRound(db: Db, ctx: RequestContext, input: z.output<typeof ZRoundInput>) {
  const actor = requirePermission(ctx.actor, 'assessment.manage');
  const id = await db.transaction(async (tx) => {
    const city = await cityForWrite(tx, actor, 'assessment.manage', input.cityId);
    const rubric = await selectRubric(tx, input.rubricId);
    if (rubric && (rubric.kind === 'procurement' || rubric.kind === 'evaluation')) {
      throw new AppError('validation', {}, [{ path: 'rubricId', message: '采购评审和终期评估的轮次由项目流程发起', messageEn: 'Review and evaluation rounds are opened by the project’s own steps' }]);
    }
    if (rubric) {
      const [same] = await tx
        .select({ number: cases.number })
        .from(assessmentRounds)
        .innerJoin(cases, eq(cases.id, assessmentRounds.caseId))
        .where(and(eq(assessmentRounds.cityId, city.id), eq(assessmentRounds.kind, rubric.kind), eq(assessmentRounds.year, input.year), sql`${cases.state} <> 'cancelled'`));
      if (same) throw new AppError('duplicate', { field: '评估年度', value: `${input.year}（${same.number}）` });
    }
    return openRoundIn(tx, ctx, input, city.id);
  });
  return getRound(db, ctx, id);
}

const count = (expr: ReturnType<typeof sql>) => sql<number>`(${expr})`.mapWith(Number);

/** The rounds of the caller's cities, newest year first, with their progress. */
export async function selectRounds(db: DbOrTx, where: ReturnType<typeof and>) {
  const rows = await db
    .select({
      round: assessmentRounds,
      number: cases.number,
      title: cases.title,
      state: cases.state,
      version: cases.version,
      rubric: { id: assessmentRubrics.id, code: assessmentRubrics.code, version: assessmentRubrics.version, name: assessmentRubrics.name, maxPoints: assessmentRubrics.maxPoints },
      subjects: count(sql`select count(*)::int from ${assessmentSubjects} s where s.round_id = ${assessmentRounds.caseId}`),
      evaluators: count(sql`select count(*)::int from ${assessmentPanel} p where p.round_id = ${assessmentRounds.caseId}`),
      sheetsOwed: count(sql`select count(*)::int from ${assessmentAssignments} a where a.round_id = ${assessmentRounds.caseId} and not a.recused`),
      sheetsSubmitted: count(sql`select count(*)::int from ${assessmentAssignments} a where a.round_id = ${assessmentRounds.caseId} and not a.recused and a.submitted_at is not null`),
      openAppeals: count(sql`select count(*)::int from ${assessmentAppeals} x where x.round_id = ${assessmentRounds.caseId} and x.state = 'open'`),
    })
    .from(assessmentRounds)
    .innerJoin(cases, eq(cases.id, assessmentRounds.caseId))
    .innerJoin(assessmentRubrics, eq(assessmentRubrics.id, assessmentRounds.rubricId))
    .where(and(ownCaseRound, where))
    .orderBy(desc(assessmentRounds.year), asc(assessmentRounds.kind), desc(cases.createdAt));
  return rows;
}

export async function listRounds(db: DbOrTx, ctx: RequestContext, q: z.infer<typeof ZRoundQuery>) {
  const actor = requirePermission(ctx.actor, 'assessment.read');
  const where = and(cityListWhere(actor, 'assessment.read', assessmentRounds.cityId, q.cityId), q.kind ? eq(assessmentRounds.kind, q.kind) : undefined, q.year ? eq(assessmentRounds.year, q.year) : undefined);
  return { items: (await selectRounds(db, where)).map((r) => presentRound(r, ctx.lang)) };
}

export async function getRound(db: DbOrTx, ctx: RequestContext, id: string) {
  await requireRound(db, ctx, id);
  const [r] = await selectRounds(db, eq(assessmentRounds.caseId, id));
  return presentRound(r, ctx.lang);
}

/** The round's subjects for staff (names, codes, progress of their sheets). */
export async function listSubjects(db: DbOrTx, ctx: RequestContext, roundId: string) {
  await requireRound(db, ctx, roundId);
  const rows = await db
    .select({
      id: assessmentSubjects.id,
      subjectType: assessmentSubjects.subjectType,
      ref: assessmentSubjects.subjectRef,
      name: assessmentSubjects.name,
      code: assessmentSubjects.code,
      regionId: assessmentSubjects.regionId,
      blindLabel: assessmentSubjects.blindLabel,
      selfSubmittedAt: assessmentSubjects.selfSubmittedAt,
      evaluators: count(sql`select count(*)::int from ${assessmentAssignments} a where a.subject_id = ${assessmentSubjects.id} and not a.recused`),
      submitted: count(sql`select count(*)::int from ${assessmentAssignments} a where a.subject_id = ${assessmentSubjects.id} and not a.recused and a.submitted_at is not null`),
    })
    .from(assessmentSubjects)
    .where(eq(assessmentSubjects.roundId, roundId))
    .orderBy(asc(assessmentSubjects.seq));
  return { items: rows.map((r) => ({ ...r, selfSubmittedAt: toIso(r.selfSubmittedAt) })) };
}

const PANEL_STATES_OPEN: readonly RoundState[] = ['open', 'selfAssessment', 'scoring'];

/**
 * Names the panel: each evaluator (an active holder of the evaluator role) scores the subjects given, or all. An
 * evaluator already on the panel keeps what they have and gains the new subjects; once scoring runs they are told.
 */
export async function assignPanel(db: Db, ctx: RequestContext, roundId: string, input: z.infer<typeof ZPanelInput>) {
  const actor = requirePermission(ctx.actor, 'assessment.manage');
  await db.transaction(async (tx) => {
    const round = await requireRound(tx, ctx, roundId, 'assessment.manage');
    await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, roundId)).for('update');
    if (!PANEL_STATES_OPEN.includes(round.state)) throw new AppError('invalid_state', { reason: '评分结束后不能再调整专家组。', reasonEn: 'The panel cannot change once scoring has closed.' }, undefined, { currentState: round.state });
    const ids = [...new Set(input.assignments.map((a) => a.evaluatorId))];
    const experts = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.status, 'active'), inArray(users.id, ids), sql`exists (select 1 from ${roleGrants} g where g.user_id = ${users.id} and g.role = 'evaluator')`));
    if (experts.length !== ids.length) throw new AppError('validation', {}, [{ path: 'assignments', message: '所选人员不是在册的评估专家', messageEn: 'Not every user is an active evaluator' }]);
    const subjects = await tx.select({ id: assessmentSubjects.id }).from(assessmentSubjects).where(eq(assessmentSubjects.roundId, roundId));
    const all = subjects.map((s) => s.id);
    const rows: { subjectId: string; evaluatorId: string; roundId: string }[] = [];
    input.assignments.forEach((a, i) => {
      const chosen = a.subjectIds ?? all;
      const stray = chosen.find((s) => !all.includes(s));
      if (stray) throw new AppError('validation', {}, [{ path: `assignments.${i}.subjectIds`, message: '受评对象不属于本轮次', messageEn: 'A subject is not in this round' }]);
      for (const subjectId of new Set(chosen)) rows.push({ subjectId, evaluatorId: a.evaluatorId, roundId });
    });
    const added = await tx
      .insert(assessmentPanel)
      .values(ids.map((evaluatorId) => ({ roundId, evaluatorId, assignedBy: actor.userId })))
      .onConflictDoNothing()
      .returning({ id: assessmentPanel.evaluatorId });
    for (let k = 0; k < rows.length; k += 2000) await tx.insert(assessmentAssignments).values(rows.slice(k, k + 2000)).onConflictDoNothing();
    await appendAudit(tx, ctx, { action: 'assessment.panel', permission: 'assessment.manage', entityType: 'case', entityId: roundId, detail: { evaluators: ids, newOnPanel: added.map((a) => a.id), assignments: rows.length } });
    const c = (await tx.select().from(cases).where(eq(cases.id, roundId)))[0];
    if (added.length) {
      await notifyPanel(tx, c, { title: `评估邀请：${round.title}`, body: `您被选为“${round.title}”的评估专家。请先声明利益冲突情况，再查看材料并评分。` }, added.map((a) => a.id));
    }
  });
  return listPanel(db, ctx, roundId);
}

export async function listPanel(db: DbOrTx, ctx: RequestContext, roundId: string) {
  await requireRound(db, ctx, roundId, 'assessment.manage');
  const rows = await db
    .select({
      evaluatorId: assessmentPanel.evaluatorId,
      name: users.displayName,
      state: assessmentPanel.state,
      declaredAt: assessmentPanel.declaredAt,
      conflictNote: assessmentPanel.conflictNote,
      assigned: count(sql`select count(*)::int from ${assessmentAssignments} a where a.round_id = ${roundId}::uuid and a.evaluator_id = ${assessmentPanel.evaluatorId}`),
      recused: count(sql`select count(*)::int from ${assessmentAssignments} a where a.round_id = ${roundId}::uuid and a.evaluator_id = ${assessmentPanel.evaluatorId} and a.recused`),
      submitted: count(sql`select count(*)::int from ${assessmentAssignments} a where a.round_id = ${roundId}::uuid and a.evaluator_id = ${assessmentPanel.evaluatorId} and not a.recused and a.submitted_at is not null`),
    })
    .from(assessmentPanel)
    .innerJoin(users, eq(users.id, assessmentPanel.evaluatorId))
    .where(eq(assessmentPanel.roundId, roundId))
    .orderBy(asc(assessmentPanel.assignedAt), asc(users.displayName));
  return { items: rows.map((r) => ({ ...r, declaredAt: toIso(r.declaredAt) })) };
}


