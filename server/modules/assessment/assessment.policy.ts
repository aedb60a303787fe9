import { and, eq } from 'drizzle-orm';
import type { RoundState } from '../../../contracts/assessment.js';

type RoundHead = typeof assessmentRounds.$inferSelect;
import { reachesCity, reachesRegion, requirePermission } from '../../platform/access/policy.js';
import { regions } from '../../platform/access/scope.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../../platform/http/context.js';
import { assessmentRounds, assessmentSubjects } from './assessment.tables.js';

/*
 * Who sees and does what in an assessment (issue 18). The office — assessment.manage over its city — writes rubrics,
 * opens rounds, names panels, moderates, publishes and answers appeals; assessment.read over the city lets a town's
 * staff and its station follow the rounds and, once published, everyone's results. An evaluator (assessment.score)
 * reaches only the rounds whose panel names them and, in a round, only their assigned subjects not recused
 * (reviews.ts). A subject's own people (assessment.self over its town) fill in its self-assessment and appeal.
 * Whatever is out of reach answers 404, like a missing record.
 */

/** A round of the caller's city (404 for another city's, as for a missing one). */
export async function requireRound(db: DbOrTx, ctx: RequestContext, id: string, permission: 'assessment.read' | 'assessment.manage' = 'assessment.read'): Promise<RoundHead & { state: RoundState; title: string; number: string }> {
  const actor = requirePermission(ctx.actor, permission);
  const [r] = await db
    .select({ round: assessmentRounds, state: cases.state, title: cases.title, number: cases.number })
    .from(assessmentRounds)
    .innerJoin(cases, eq(cases.id, assessmentRounds.caseId))
    .where(eq(assessmentRounds.caseId, id));
  if (!r) throw notFound('assessmentRound');
  if (!reachesCity(actor, permission, r.round.cityId)) throw new AppError('not_found', { entity: 'assessmentRound' }, undefined, { denied: true });
  return { ...r.round, state: r.state as RoundState, title: r.title, number: r.number };
}


/** A subject of the round whose town the caller reaches with assessment.self (its station, its staff). */
export async function requireOwnSubject(db: DbOrTx, ctx: RequestContext, roundId: string, subjectId: string) {
  const actor = requirePermission(ctx.actor, 'assessment.self');
  const [s] = await db
    .select({ subject: assessmentSubjects, regionPath: regions.path })
    .from(assessmentSubjects)
    .leftJoin(regions, eq(regions.id, assessmentSubjects.regionId))
    .where(and(eq(assessmentSubjects.id, subjectId), eq(assessmentSubjects.roundId, roundId)));
  if (!s || !s.regionPath || !reachesRegion(actor, 'assessment.self', s.regionPath)) throw new AppError('not_found', { entity: 'assessmentSubject' }, undefined, s ? { denied: true } : undefined);
  const [c] = await db.select({ state: cases.state, title: cases.title }).from(cases).where(eq(cases.id, roundId));
  return { subject: s.subject, state: c.state as RoundState, title: c.title };
}

