import { clockNow } from '../../../platform/clock.js';
import { and, asc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { SUPERVISION_KIND_NAMES, SUPERVISION_RESULT_NAMES, type ZRectificationResponse, type ZRectificationReview, type ZSupervisionInput } from '../../../../contracts/projects/supervision.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { addWorkingDays, todayInChina } from '../../../platform/calendar/calendar.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { rectificationResponseAttachments, rectifications, supervisionVisits } from '../projects.tables.js';
import { caseAttachments, cases } from '../../../platform/cases/cases.tables.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { runExclusive } from '../../../platform/jobs/exclusive.js';
import { labelOf, systemContext } from '../../../platform/http/context.js';
import { mayProjectSupervise, projectFor, requireState, SUPERVISION_STATES } from '../project.policy.js';
import { supervisorIdsOf } from './supervisors.js';

/**
 * A supervision visit and its findings. `rectify` lists items the provider must fix within working days;
 * the visit is cleared once every item is closed. The result gates the payment that waits on it.
 */
export async function recordVisit(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZSupervisionInput>) {
  return db.transaction(async (tx) => {
    const access = await projectFor(tx, ctx, projectId, tx);
    const { c } = access;
    if (!mayProjectSupervise(access)) throw new AppError('forbidden', {}, undefined, { denied: true });
    requireState(c, SUPERVISION_STATES, '只能对实施中或终期评估中的项目开展督导。', 'Only a project in implementation or final evaluation can be supervised.');
    if (input.visitedOn > todayInChina()) throw new AppError('validation', {}, [{ path: 'visitedOn', message: '督导日期不能晚于今天', messageEn: 'The visit date is in the future' }]);
    if (input.result !== 'rectify' && input.rectifications.length) throw new AppError('validation', {}, [{ path: 'rectifications', message: '只有“限期整改”的督导结果才列整改事项', messageEn: 'Only a rectify result lists items' }]);
    const [visit] = await tx.insert(supervisionVisits).values({ projectId, kind: input.kind, visitedOn: input.visitedOn, findings: input.findings, result: input.result, supervisorId: ctx.actor!.userId }).returning();
    const today = todayInChina();
    for (const r of input.rectifications) {
      await tx.insert(rectifications).values({ projectId, visitId: visit.id, item: r.item, dueOn: await addWorkingDays(tx, today, r.workingDays) });
    }
    await appendAudit(tx, ctx, { action: 'project.supervise', permission: 'project.supervise', entityType: 'case', entityId: projectId, detail: { visitId: visit.id, kind: input.kind, result: input.result, rectifications: input.rectifications.length } });
    const provider = await recipientsOf(tx, c, { kind: 'owner', task: '' });
    await notifyUsers(tx, provider, {
      kind: 'project.supervision',
      title: `督导结果：${c.title}`,
      body: `${SUPERVISION_KIND_NAMES[input.kind].zh}结果为“${SUPERVISION_RESULT_NAMES[input.result].zh}”。${input.rectifications.length ? `请按期完成 ${input.rectifications.length} 项整改并提交整改情况。` : ''}`,
      link: `/projects/${projectId}`,
      caseId: projectId,
    });
    return (await listVisits(tx, ctx, projectId)).find((v) => v.id === visit.id)!;
  });
}

/** Every visit of the project, oldest first: the use cases here read back what they wrote. GET /projects/:id/supervision pages them (find-visits.ts). */
export async function listVisits(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await projectFor(db, ctx, projectId);
  const visits = await selectVisits(db).where(eq(supervisionVisits.projectId, projectId)).orderBy(asc(supervisionVisits.visitedOn), asc(supervisionVisits.createdAt));
  return presentVisits(db, ctx, projectId, visits);
}

/** A visit's columns as the API shows it, with its supervisor's name. */
export const VISIT_FIELDS = {
  id: supervisionVisits.id,
  kind: supervisionVisits.kind,
  visitedOn: supervisionVisits.visitedOn,
  findings: supervisionVisits.findings,
  result: supervisionVisits.result,
  supervisorName: users.displayName,
};

/** Visits with their supervisors; the caller adds its conditions and order. */
export const selectVisits = (db: DbOrTx) => db.select(VISIT_FIELDS).from(supervisionVisits).innerJoin(users, eq(users.id, supervisionVisits.supervisorId));

export type VisitRow = Awaited<ReturnType<typeof selectVisits>>[number];

/** A project's visits as the API answers them, each with its rectification items (read for these visits only, by the project's index). */
export async function presentVisits(db: DbOrTx, ctx: RequestContext, projectId: string, visits: readonly VisitRow[]) {
  const items = visits.length
    ? await db
        .select({
          id: rectifications.id,
          visitId: rectifications.visitId,
          item: rectifications.item,
          dueOn: rectifications.dueOn,
          state: rectifications.state,
          response: rectifications.response,
          reviewComment: rectifications.reviewComment,
          closedAt: rectifications.closedAt,
          version: rectifications.version,
        })
        .from(rectifications)
        .where(and(eq(rectifications.projectId, projectId), inArray(rectifications.visitId, visits.map((v) => v.id))))
        .orderBy(asc(rectifications.dueOn), asc(rectifications.id))
    : [];
  const today = todayInChina();
  return visits.map((v) => {
    const mine = items.filter((i) => i.visitId === v.id);
    return {
      id: v.id,
      kind: v.kind,
      kindName: labelOf(SUPERVISION_KIND_NAMES[v.kind], ctx.lang),
      visitedOn: v.visitedOn,
      findings: v.findings,
      result: v.result,
      resultName: labelOf(SUPERVISION_RESULT_NAMES[v.result], ctx.lang),
      supervisorName: v.supervisorName,
      cleared: v.result === 'pass' || (v.result === 'rectify' && mine.every((i) => i.state === 'closed')),
      rectifications: mine.map((i) => ({
        id: i.id,
        visitId: i.visitId,
        item: i.item,
        dueOn: i.dueOn,
        overdue: i.state !== 'closed' && i.dueOn < today,
        state: i.state,
        response: i.response,
        reviewComment: i.reviewComment,
        closedAt: toIso(i.closedAt),
        version: i.version,
      })),
    };
  });
}

async function rectificationForUpdate(tx: Tx, id: string) {
  const [r] = await tx.select().from(rectifications).where(eq(rectifications.id, id)).for('update');
  if (!r) throw notFound('rectification');
  return r;
}

/** The provider says what it fixed; the item waits for the supervisor's review. */
export async function respondRectification(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZRectificationResponse>) {
  return db.transaction(async (tx) => {
    const [ref] = await tx.select({ projectId: rectifications.projectId }).from(rectifications).where(eq(rectifications.id, id));
    if (!ref) throw notFound('rectification');
    const { c, provider } = await projectFor(tx, ctx, ref.projectId, tx);
    if (!provider) throw new AppError('forbidden', {}, undefined, { denied: true });
    const r = await rectificationForUpdate(tx, id);
    if (r.version !== input.version) throw conflict(r.version);
    if (r.state !== 'open') throw new AppError('invalid_state', { reason: r.state === 'closed' ? '该整改事项已销号。' : '整改情况已提交，等待督导审核。', reasonEn: r.state === 'closed' ? 'This rectification is already closed.' : 'The rectification has been reported and awaits the supervisor\'s review.' });
    if (input.attachmentIds.length) {
      const [n] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(caseAttachments)
        .where(and(eq(caseAttachments.caseId, ref.projectId), inArray(caseAttachments.id, input.attachmentIds)));
      if (n.n !== new Set(input.attachmentIds).size) throw new AppError('validation', {}, [{ path: 'attachmentIds', message: '附件须先上传到本项目', messageEn: 'Attachments must belong to this project' }]);
    }
    await tx.update(rectifications).set({ state: 'submitted', response: input.response, version: r.version + 1 }).where(eq(rectifications.id, id));
    // A response sent back is answered again: the new answer's files replace the earlier ones.
    await tx.delete(rectificationResponseAttachments).where(eq(rectificationResponseAttachments.rectificationId, id));
    const files = [...new Set(input.attachmentIds)];
    if (files.length) await tx.insert(rectificationResponseAttachments).values(files.map((attachmentId) => ({ rectificationId: id, attachmentId })));
    await appendAudit(tx, ctx, { action: 'project.rectify', permission: 'project.deliver', entityType: 'case', entityId: ref.projectId, detail: { rectificationId: id } });
    const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'project.manage', task: '' });
    const reviewers = new Set([...office, ...(await supervisorIdsOf(tx, ref.projectId))]);
    await notifyUsers(tx, reviewers, { kind: 'project.rectification', title: `整改已提交：${c.title}`, body: `整改事项“${r.item}”已提交整改情况，请审核销号。`, link: `/projects/${ref.projectId}`, caseId: ref.projectId });
    return (await listVisits(tx, ctx, ref.projectId)).flatMap((v) => v.rectifications).find((x) => x.id === id)!;
  });
}

/** The supervisor closes the item, or sends it back with a comment. */
export async function reviewRectification(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZRectificationReview>) {
  return db.transaction(async (tx) => {
    const [ref] = await tx.select({ projectId: rectifications.projectId }).from(rectifications).where(eq(rectifications.id, id));
    if (!ref) throw notFound('rectification');
    const access = await projectFor(tx, ctx, ref.projectId, tx);
    const { c } = access;
    if (!mayProjectSupervise(access)) throw new AppError('forbidden', {}, undefined, { denied: true });
    const r = await rectificationForUpdate(tx, id);
    if (r.version !== input.version) throw conflict(r.version);
    if (r.state !== 'submitted') throw new AppError('invalid_state', { reason: '只有已提交整改情况的事项才能审核。', reasonEn: 'Only a rectification that has been reported can be reviewed.' });
    if (!input.accept && !input.comment) throw new AppError('validation', {}, [{ path: 'comment', message: '退回整改时请说明原因', messageEn: 'Say why it is sent back' }]);
    await tx
      .update(rectifications)
      .set(input.accept ? { state: 'closed', reviewComment: input.comment ?? null, closedBy: ctx.actor!.userId, closedAt: clockNow(), version: r.version + 1 } : { state: 'open', reviewComment: input.comment!, version: r.version + 1 })
      .where(eq(rectifications.id, id));
    await appendAudit(tx, ctx, { action: 'project.reviewRectification', permission: 'project.supervise', entityType: 'case', entityId: ref.projectId, detail: { rectificationId: id, accept: input.accept } });
    const provider = await recipientsOf(tx, c, { kind: 'owner', task: '' });
    await notifyUsers(tx, provider, { kind: 'project.rectification', title: input.accept ? `整改已销号：${c.title}` : `整改被退回：${c.title}`, body: input.accept ? `整改事项“${r.item}”已通过审核。` : `整改事项“${r.item}”未通过：${input.comment}`, link: `/projects/${ref.projectId}`, caseId: ref.projectId });
    return (await listVisits(tx, ctx, ref.projectId)).flatMap((v) => v.rectifications).find((x) => x.id === id)!;
  });
}

export const RECTIFICATION_JOB_KEY = 738_204_117;

/**
 * Daily: rectification items past their deadline and not closed are flagged once; the provider and the
 * office are told. Returns how many were flagged, or null when another instance holds the job.
 */
export async function flagOverdueRectifications(db: Db, today: string): Promise<number | null> {
  const run = await runExclusive(db, RECTIFICATION_JOB_KEY, async (tx) => {
    const due = await tx
      .update(rectifications)
      .set({ overdueNotifiedAt: sql`now()` })
      .where(and(ne(rectifications.state, 'closed'), lt(rectifications.dueOn, today), isNull(rectifications.overdueNotifiedAt)))
      .returning({ id: rectifications.id, projectId: rectifications.projectId, item: rectifications.item, dueOn: rectifications.dueOn });
    const ctx = systemContext('job:rectifications');
    for (const r of due) {
      const [c] = await tx.select().from(cases).where(eq(cases.id, r.projectId));
      const to = new Set([
        ...(await recipientsOf(tx, c, { kind: 'owner', task: '' })),
        ...(await recipientsOf(tx, c, { kind: 'permission', permission: 'project.manage', task: '' })),
        ...(await supervisorIdsOf(tx, r.projectId)),
      ]);
      await notifyUsers(tx, to, { kind: 'project.rectificationOverdue', title: `整改超期：${c.title}`, body: `整改事项“${r.item}”已超过期限（${r.dueOn}）仍未销号，请尽快完成整改。`, link: `/projects/${r.projectId}`, caseId: r.projectId });
      await appendAudit(tx, ctx, { action: 'project.rectificationOverdue', entityType: 'case', entityId: r.projectId, detail: { rectificationId: r.id, dueOn: r.dueOn, notified: to.size } });
    }
    return due.length;
  });
  return run.ran ? run.result : null;
}
