import { and, asc, eq, inArray, isNull, sql, exists } from 'drizzle-orm';
import { SUPERVISION_KIND_NAMES, SUPERVISION_RESULT_NAMES } from '../../../../contracts/projects/supervision.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { DbOrTx, Tx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { rectifications, supervisionVisits } from '../projects.tables.js';
import { caseParticipants } from '../../../platform/cases/cases.tables.js';
import { users, roleGrants } from '../../../platform/auth/auth.tables.js';
import { labelOf } from '../../../platform/http/context.js';
import { projectFor } from '../project.policy.js';

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

export async function rectificationForUpdate(tx: Tx, id: string) {
  const [r] = await tx.select().from(rectifications).where(eq(rectifications.id, id)).for('update');
  if (!r) throw notFound('rectification');
  return r;
}

/**
 * Third-party supervisors: the office contracts a supervision agency and names its people on projects.
 * A named supervisor sees those projects (through case participants) and records visits and reviews
 * rectifications on them, nothing else.
 */

export const SUPERVISE = 'project.supervise' as const;

/** The user holds the third-party supervisor role (on any scope). */
export const holdsSupervisorRole = (db: DbOrTx, userId: typeof users.id | typeof caseParticipants.userId) =>
  exists(db.select({ one: sql`1` }).from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'supervisor'))));

/** Supervisors to tell about a project's rectifications (only those who still hold the role). */
export async function supervisorIdsOf(db: DbOrTx, projectId: string): Promise<string[]> {
  const found = await db
    .select({ userId: caseParticipants.userId })
    .from(caseParticipants)
    .innerJoin(users, eq(users.id, caseParticipants.userId))
    .where(
      and(
        eq(caseParticipants.caseId, projectId),
        eq(caseParticipants.permission, SUPERVISE),
        isNull(caseParticipants.removedAt),
        eq(users.status, 'active'),
        holdsSupervisorRole(db, caseParticipants.userId),
      ),
    );
  return found.map((r) => r.userId);
}
