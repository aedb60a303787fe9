import { clockNow } from '../../../platform/clock.js';
import { and, eq, exists, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZConflictDeclaration, ZObjectionAnswer, ZObjectionInput, ZScoreInput } from '../../../../contracts/projects/procurement.js';
import { departmentReach, holdsPermission, reachesRegion, requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { roleGrants, users } from '../../../platform/auth/auth.tables.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { orgDirectory } from '../../orgs/index.js';
import { bidScores, projectBids, projectExperts, projectObjections, serviceProjects } from '../projects.tables.js';
import { mayObjectNow, requireProjectInSight } from '../project.policy.js';

export interface Criterion {
  key: string;
  name: string;
  maxPoints: number;
  description: string;
}

/** A project's rubric (jsonb), copied from scoring_rubrics.criteria when the call closed; none before. */
function rubricOf(value: unknown): Criterion[] {
  return (value ?? []) as Criterion[];
}

async function projectCase(tx: DbOrTx, projectId: string) {
  const [c] = await tx.select().from(cases).where(and(eq(cases.id, projectId), eq(cases.caseType, 'serviceProject')));
  if (!c) throw notFound('project');
  return c;
}

/**
 * The office's acts reach the projects in its region, as paying does: holding project.manage elsewhere answers 404
 * like a missing record (before any state is told), and the refusal is audited.
 */
function requireOfficeReach(ctx: RequestContext, c: { regionPath: string }, entity: 'project' | 'objection'): void {
  if (!reachesRegion(ctx.actor, 'project.manage', c.regionPath)) throw new AppError('not_found', { entity }, undefined, { denied: true });
}

/** The office names the expert panel while the project is in procurement; each expert is told. */
export async function assignExperts(db: Db, ctx: RequestContext, projectId: string, userIds: string[]) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const c = await projectCase(tx, projectId);
    requireOfficeReach(ctx, c, 'project');
    if (c.state !== 'procuring') throw new AppError('invalid_state', { reason: '只有进入统一采购（专家评审）阶段的项目才能组建评审专家组。', reasonEn: 'An expert panel can be formed only for a project in procurement (expert review).' }, undefined, { currentState: c.state });
    const ids = [...new Set(userIds)];
    const experts = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.status, 'active'),
          inArray(users.id, ids),
          exists(tx.select({ one: sql`1` }).from(roleGrants).where(and(eq(roleGrants.userId, users.id), eq(roleGrants.role, 'evaluator')))),
        ),
      );
    if (experts.length !== ids.length) throw new AppError('validation', {}, [{ path: 'userIds', message: '所选人员不是在册的评审专家', messageEn: 'Not every user is an active evaluator' }]);
    const added = await tx
      .insert(projectExperts)
      .values(ids.map((userId) => ({ projectId, userId, assignedBy: ctx.actor!.userId })))
      .onConflictDoNothing()
      .returning({ userId: projectExperts.userId });
    await appendAudit(tx, ctx, { action: 'project.assignExperts', permission: 'project.manage', entityType: 'case', entityId: projectId, detail: { added: added.map((a) => a.userId) } });
    await notifyUsers(
      tx,
      added.map((a) => a.userId),
      { kind: 'project.review', title: `评审邀请：${c.title}`, body: `您被选为项目 ${c.number} 的评审专家。请先声明是否存在利益冲突，再查看申报材料并评分。`, link: `/reviews/${projectId}`, caseId: projectId },
    );
    return listExperts(tx, projectId);
  });
}

export async function listExperts(db: DbOrTx, projectId: string) {
  const found = await db
    .select({ userId: projectExperts.userId, name: users.displayName, state: projectExperts.state, conflictNote: projectExperts.conflictNote, scoredBids: scoredBidsOf(projectExperts) })
    .from(projectExperts)
    .innerJoin(users, eq(users.id, projectExperts.userId))
    .where(eq(projectExperts.projectId, projectId))
    .orderBy(projectExperts.assignedAt, users.displayName);
  return found;
}

/**
 * How many of a project's live bids an expert has scored: a correlated count for a select over project_experts
 * joined to another table (a one-table select would print the outer columns unqualified).
 */
export function scoredBidsOf(e: typeof projectExperts) {
  return sql<number>`(select count(*)::int from ${bidScores} join ${projectBids} on ${projectBids.id} = ${bidScores.bidId} where ${bidScores.expertId} = ${e.userId} and ${projectBids.projectId} = ${e.projectId} and ${projectBids.state} = 'submitted')`.mapWith(Number);
}

/** Staff who may see a project's panel: the office, auditors and the buying department. */
export async function expertsFor(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await requireProjectStaff(db, ctx, projectId);
  return listExperts(db, projectId);
}

async function requireProjectStaff(db: DbOrTx, ctx: RequestContext, projectId: string) {
  requirePermission(ctx.actor, 'project.read');
  const [p] = await db.select({ departmentId: serviceProjects.departmentId }).from(serviceProjects).where(eq(serviceProjects.caseId, projectId));
  const reach = departmentReach(ctx.actor, 'project.read');
  if (!p || (!reach.all && !reach.departmentIds.includes(p.departmentId))) throw new AppError('not_found', { entity: 'project' }, undefined, p ? { denied: true } : undefined);
}

/** An expert's own assignment, or 404: experts see nothing they are not assigned to. */
async function myAssignment(tx: DbOrTx, ctx: RequestContext, projectId: string, lock = false) {
  requirePermission(ctx.actor, 'bid.score');
  const query = tx.select().from(projectExperts).where(and(eq(projectExperts.projectId, projectId), eq(projectExperts.userId, ctx.actor!.userId)));
  const [a] = lock ? await query.for('update') : await query;
  if (!a) throw new AppError('not_found', { entity: 'project' }, undefined, { denied: true });
  return a;
}

/** Before seeing any bid, an expert declares whether they have a conflict of interest; a conflict recuses them. */
export async function declareConflict(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZConflictDeclaration>) {
  return db.transaction(async (tx) => {
    const a = await myAssignment(tx, ctx, projectId, true);
    if (a.state !== 'assigned') throw new AppError('invalid_state', { reason: '已声明过利益冲突情况，不能更改；如有变化请联系社工办。', reasonEn: 'You have already declared your conflicts of interest and cannot change the declaration; if anything has changed, contact the social work office.' });
    const state: 'recused' | 'declared' = input.hasConflict ? 'recused' : 'declared';
    await tx
      .update(projectExperts)
      .set({ state, conflictNote: input.note ?? null, declaredAt: clockNow() })
      .where(and(eq(projectExperts.projectId, projectId), eq(projectExperts.userId, ctx.actor!.userId)));
    await appendAudit(tx, ctx, { action: 'project.declareConflict', permission: 'bid.score', entityType: 'case', entityId: projectId, detail: { hasConflict: input.hasConflict, note: input.note ?? null } });
    if (input.hasConflict) {
      const c = await projectCase(tx, projectId);
      const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'project.manage', task: '' });
      await notifyUsers(tx, office, { kind: 'project.recused', title: `专家回避：${c.title}`, body: `${ctx.actor!.displayName} 声明与项目 ${c.number} 存在利益冲突并回避：${input.note ?? ''}。如评审专家不足，请另行指派。`, link: `/projects/${projectId}`, caseId: projectId });
    }
    return { state };
  });
}

/** The rubric, the live bids and the expert's own scores — never another expert's. */
export async function getReview(db: DbOrTx, ctx: RequestContext, projectId: string) {
  const a = await myAssignment(db, ctx, projectId);
  const c = await projectCase(db, projectId);
  const [p] = await db.select({ budgetFen: serviceProjects.budgetFen, rubric: serviceProjects.rubric }).from(serviceProjects).where(eq(serviceProjects.caseId, projectId));
  const bidders = await db
    .select({ name: orgDirectory.name })
    .from(projectBids)
    .innerJoin(orgDirectory, eq(orgDirectory.id, projectBids.orgId))
    .where(and(eq(projectBids.projectId, projectId), eq(projectBids.state, 'submitted')))
    .orderBy(orgDirectory.name);
  const base = { projectId, number: c.number, title: c.title, budgetFen: p.budgetFen, state: a.state, projectState: c.state, rubric: rubricOf(p.rubric), bidders: bidders.map((b) => b.name) };
  // Bids stay closed to an expert until they have declared no conflict.
  if (a.state !== 'declared') return { ...base, bids: [] };
  const bids = await db
    .select({
      bidId: projectBids.id,
      orgName: orgDirectory.name,
      plan: projectBids.plan,
      budgetItems: projectBids.budgetItems,
      team: projectBids.team,
      totalFen: projectBids.totalFen,
      myScores: bidScores.scores,
      myTotal: bidScores.total,
      myComment: bidScores.comment,
    })
    .from(projectBids)
    .innerJoin(orgDirectory, eq(orgDirectory.id, projectBids.orgId))
    .leftJoin(bidScores, and(eq(bidScores.bidId, projectBids.id), eq(bidScores.expertId, ctx.actor!.userId)))
    .where(and(eq(projectBids.projectId, projectId), eq(projectBids.state, 'submitted')))
    .orderBy(projectBids.submittedAt);
  return {
    ...base,
    // The jsonb columns hold what the bid and scoring inputs (zod) accepted.
    bids: bids.map((b) => ({
      ...b,
      budgetItems: b.budgetItems as { name: string; amountFen: number }[],
      team: b.team as { name: string; role: string; certified: boolean }[],
      myScores: b.myScores as Record<string, number> | null,
    })),
  };
}

/** An expert scores a bid on the rubric: every criterion, whole points within its maximum. */
export async function scoreBid(db: Db, ctx: RequestContext, bidId: string, input: z.infer<typeof ZScoreInput>) {
  requirePermission(ctx.actor, 'bid.score');
  return db.transaction(async (tx) => {
    const [bid] = await tx.select({ projectId: projectBids.projectId, state: projectBids.state }).from(projectBids).where(eq(projectBids.id, bidId));
    // An expert asking for a bid outside their assignments learns nothing, not even that it exists.
    if (!bid) throw notFound('bid');
    const a = await myAssignment(tx, ctx, bid.projectId).catch(() => {
      throw new AppError('not_found', { entity: 'bid' }, undefined, { denied: true });
    });
    if (a.state !== 'declared') throw new AppError('invalid_state', { reason: a.state === 'recused' ? '您已回避本项目，不能评分。' : '请先声明是否存在利益冲突。', reasonEn: a.state === 'recused' ? 'You have recused yourself from this project and cannot score it.' : 'First declare whether you have a conflict of interest.' });
    // Scoring ends when the panel's recommendation is made; the case row is locked for share so the two never interleave.
    const [c] = await tx.select({ state: cases.state }).from(cases).where(eq(cases.id, bid.projectId)).for('share');
    if (c.state !== 'procuring' || bid.state !== 'submitted') throw new AppError('invalid_state', { reason: '评审已结束或该申报已撤回，不能再评分。', reasonEn: 'The review has ended or the bid was withdrawn; it can no longer be scored.' }, undefined, { currentState: c.state });
    const [p] = await tx.select({ rubric: serviceProjects.rubric }).from(serviceProjects).where(eq(serviceProjects.caseId, bid.projectId));
    const rubric = rubricOf(p.rubric);
    const errors: { path: string; message: string; messageEn: string }[] = [];
    for (const k of Object.keys(input.scores)) if (!rubric.some((r) => r.key === k)) errors.push({ path: `scores.${k}`, message: `评分标准中没有“${k}”`, messageEn: `No criterion ${k}` });
    for (const r of rubric) {
      const v = input.scores[r.key];
      if (v === undefined) errors.push({ path: `scores.${r.key}`, message: `请为“${r.name}”评分`, messageEn: `Score ${r.name}` });
      else if (v > r.maxPoints) errors.push({ path: `scores.${r.key}`, message: `“${r.name}”最高 ${r.maxPoints} 分，不能给 ${v} 分`, messageEn: `${r.name} is out of ${r.maxPoints}` });
    }
    if (errors.length) throw new AppError('validation', {}, errors);
    const total = rubric.reduce((n, r) => n + input.scores[r.key], 0);
    await tx
      .insert(bidScores)
      .values({ bidId, expertId: ctx.actor!.userId, scores: input.scores, total, comment: input.comment ?? null })
      .onConflictDoUpdate({ target: [bidScores.bidId, bidScores.expertId], set: { scores: input.scores, total, comment: input.comment ?? null, updatedAt: clockNow() } });
    await appendAudit(tx, ctx, { action: 'project.score', permission: 'bid.score', entityType: 'bid', entityId: bidId, detail: { projectId: bid.projectId, scores: input.scores, total } });
    return { bidId, total };
  });
}

/**
 * The panel's ranking: each live bid's mean of the experts' totals (declared experts only), best first; a
 * tie goes to the lower price, then the earlier bid. `complete` when every declared expert scored every bid.
 */
export async function computeRanking(db: DbOrTx, projectId: string) {
  const liveBid = and(eq(projectBids.projectId, projectId), eq(projectBids.state, 'submitted'));
  const declared = and(eq(projectExperts.projectId, projectId), eq(projectExperts.state, 'declared'));
  const bids = await db
    .select({ id: projectBids.id, orgId: projectBids.orgId, orgName: orgDirectory.name, totalFen: projectBids.totalFen, submittedAt: projectBids.submittedAt })
    .from(projectBids)
    .innerJoin(orgDirectory, eq(orgDirectory.id, projectBids.orgId))
    .where(liveBid);
  const experts = await db.select({ userId: projectExperts.userId, name: users.displayName }).from(projectExperts).innerJoin(users, eq(users.id, projectExperts.userId)).where(declared);
  const scores = await db
    .select({ bidId: bidScores.bidId, expertId: bidScores.expertId, total: bidScores.total })
    .from(bidScores)
    .innerJoin(projectBids, eq(projectBids.id, bidScores.bidId))
    .where(and(liveBid, inArray(bidScores.expertId, db.select({ userId: projectExperts.userId }).from(projectExperts).where(declared))));
  const missing: { expertName: string; orgName: string }[] = [];
  for (const e of experts) for (const b of bids) if (!scores.some((s) => s.bidId === b.id && s.expertId === e.userId)) missing.push({ expertName: e.name, orgName: b.orgName });
  const items = bids
    .map((b) => {
      const totals = scores.filter((s) => s.bidId === b.id).map((s) => s.total);
      // Sum in whole points, divide once: exact to two decimals without accumulating float error.
      const average = totals.length ? Math.round((totals.reduce((n, t) => n + t, 0) * 100) / totals.length) / 100 : 0;
      return { bidId: b.id, orgId: b.orgId, orgName: b.orgName, totalFen: b.totalFen, average, expertTotals: totals, at: new Date(b.submittedAt).getTime() };
    })
    .sort((x, y) => y.average - x.average || x.totalFen - y.totalFen || x.at - y.at)
    .map(({ at: _at, ...rest }, i) => ({ rank: i + 1, ...rest }));
  return { complete: experts.length > 0 && bids.length > 0 && missing.length === 0, missing, items, declaredExperts: experts.length };
}

export async function rankingFor(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await requireProjectStaff(db, ctx, projectId);
  const [p] = await db
    .select({ recommendedBidId: serviceProjects.recommendedBidId, noticeStartsOn: serviceProjects.noticeStartsOn, noticeEndsOn: serviceProjects.noticeEndsOn, awardedBidId: serviceProjects.awardedBidId, state: cases.state })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .where(eq(serviceProjects.caseId, projectId));
  // While the call is open the bids are sealed; there is nothing to rank.
  if (p.state === 'calling') return { complete: false, missing: [], items: [], recommendedBidId: null, noticeStartsOn: null, noticeEndsOn: null, awardedBidId: null };
  const { declaredExperts: _n, ...ranking } = await computeRanking(db, projectId);
  return { ...ranking, recommendedBidId: p.recommendedBidId, noticeStartsOn: p.noticeStartsOn, noticeEndsOn: p.noticeEndsOn, awardedBidId: p.awardedBidId };
}

function presentObjection(o: typeof projectObjections.$inferSelect & { raisedByName: string }) {
  return { id: o.id, projectId: o.projectId, text: o.text, raisedByName: o.raisedByName, raisedAt: toIso(o.raisedAt)!, answer: o.answer, upheld: o.upheld, answeredAt: toIso(o.answeredAt), version: o.version };
}

/**
 * Who holds `project.object` (a bidder, a member of the public — not the office that answers, the buying
 * department, an expert of the panel or the auditor) may object while the award recommendation is on notice.
 */
export async function lodgeObjection(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZObjectionInput>) {
  requirePermission(ctx.actor, 'project.object');
  // A project neither public nor visible to the caller is out of reach: 404, before saying anything of its state.
  await requireProjectInSight(db, ctx, projectId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ state: cases.state, noticeEndsOn: serviceProjects.noticeEndsOn, title: cases.title, number: cases.number })
      .from(cases)
      .innerJoin(serviceProjects, eq(serviceProjects.caseId, cases.id))
      .where(eq(cases.id, projectId))
      .for('share', { of: cases });
    if (!row) throw notFound('project');
    if (!mayObjectNow(row.state, row.noticeEndsOn)) throw new AppError('invalid_state', { reason: '该项目不在中标公示期内，不能提出异议。', reasonEn: 'The project is not in its award notice period; no objection can be raised.' });
    const [o] = await tx.insert(projectObjections).values({ projectId, text: input.text, raisedBy: ctx.actor!.userId }).returning();
    await appendAudit(tx, ctx, { action: 'project.objection', permission: 'project.object', entityType: 'case', entityId: projectId, detail: { objectionId: o.id } });
    const c = await projectCase(tx, projectId);
    const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'project.manage', task: '' });
    await notifyUsers(tx, office, { kind: 'project.objection', title: `公示异议：${row.title}`, body: `项目 ${row.number} 在中标公示期收到异议，须在授予前答复。`, link: `/projects/${projectId}`, caseId: projectId });
    return presentObjection({ ...o, raisedByName: ctx.actor!.displayName });
  });
}

export async function answerObjection(db: Db, ctx: RequestContext, objectionId: string, input: z.infer<typeof ZObjectionAnswer>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [o] = await tx.select().from(projectObjections).where(eq(projectObjections.id, objectionId)).for('update');
    if (!o) throw notFound('objection');
    requireOfficeReach(ctx, await projectCase(tx, o.projectId), 'objection');
    if (o.version !== input.version) throw conflict(o.version);
    if (o.answeredAt) throw new AppError('invalid_state', { reason: '该异议已答复。', reasonEn: 'This objection has already been answered.' });
    const [after] = await tx
      .update(projectObjections)
      .set({ answer: input.answer, upheld: input.upheld, answeredBy: ctx.actor!.userId, answeredAt: clockNow(), version: o.version + 1 })
      .where(eq(projectObjections.id, objectionId))
      .returning();
    await appendAudit(tx, ctx, { action: 'project.answerObjection', permission: 'project.manage', entityType: 'case', entityId: o.projectId, detail: { objectionId, upheld: input.upheld } });
    await notifyUsers(tx, [o.raisedBy], { kind: 'project.objectionAnswered', title: '异议已答复', body: `您提出的异议已答复：${input.answer}`, link: `/projects/${o.projectId}`, caseId: o.projectId });
    const [who] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, o.raisedBy));
    return presentObjection({ ...after, raisedByName: who.displayName });
  });
}

/** Staff see every objection on a project; anyone else only their own. */
export async function listObjections(db: DbOrTx, ctx: RequestContext, projectId: string) {
  if (!ctx.actor) throw new AppError('unauthenticated');
  // Missing, or neither public nor visible to the caller: 404, not an empty list.
  await requireProjectInSight(db, ctx, projectId);
  const staff = holdsPermission(ctx.actor, 'project.read') && (departmentReach(ctx.actor, 'project.read').all || (await isBuyer(db, ctx, projectId)));
  const found = await db
    .select({ ...getTableColumns(projectObjections), raisedByName: users.displayName })
    .from(projectObjections)
    .innerJoin(users, eq(users.id, projectObjections.raisedBy))
    .where(and(eq(projectObjections.projectId, projectId), staff ? undefined : eq(projectObjections.raisedBy, ctx.actor.userId)))
    .orderBy(projectObjections.raisedAt);
  return found.map(presentObjection);
}

async function isBuyer(db: DbOrTx, ctx: RequestContext, projectId: string): Promise<boolean> {
  const reach = departmentReach(ctx.actor, 'project.read');
  if (reach.all) return true;
  const [p] = await db.select({ departmentId: serviceProjects.departmentId }).from(serviceProjects).where(eq(serviceProjects.caseId, projectId));
  return !!p && reach.departmentIds.includes(p.departmentId);
}

