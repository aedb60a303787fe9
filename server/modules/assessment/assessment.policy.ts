import { and, eq } from 'drizzle-orm';
import type { RoundState, SubjectType } from '../../../contracts/assessment.js';
import type { Role } from '../../../contracts/roles.js';
import { reachesCity, reachesRegion, regionReach, requirePermission, type RegionReach } from '../../platform/access/policy.js';
import { regions } from '../../platform/access/scope.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import type { Actor, RequestContext } from '../../platform/http/context.js';
import { assessmentRounds, assessmentSubjects } from './assessment.tables.js';
import { ownCaseRound } from './round-scope.js';

type RoundHead = typeof assessmentRounds.$inferSelect;

/*
 * Who sees and does what in an assessment (issue 18). The office — assessment.manage over its city — writes rubrics,
 * opens rounds, names panels, moderates, publishes and answers appeals; assessment.read over the city lets a town's
 * staff and its station follow the rounds and, once published, everyone's results. An evaluator (assessment.score)
 * reaches only the rounds whose panel names them and, in a round, only their assigned subjects not recused
 * (reviews.ts). A subject's own people (assessment.self over its town, by the subject's type: below) fill in its
 * self-assessment and appeal.
 * Whatever is out of reach answers 404, like a missing record.
 */

/** A round of the caller's city (404 for another city's, as for a missing one). */
export async function requireRound(db: DbOrTx, ctx: RequestContext, id: string, permission: 'assessment.read' | 'assessment.manage' = 'assessment.read'): Promise<RoundHead & { state: RoundState; title: string; number: string }> {
  requirePermission(ctx.actor, permission);
  const [r] = await db
    .select({ round: assessmentRounds, state: cases.state, title: cases.title, number: cases.number })
    .from(assessmentRounds)
    .innerJoin(cases, eq(cases.id, assessmentRounds.caseId))
    .where(and(eq(assessmentRounds.id, id), ownCaseRound));
  authorizeRound(ctx, r?.round, permission);
  return { ...r.round, state: r.state as RoundState, title: r.title, number: r.number };
}

/**
 * requireRound's decision on a round read some other way (the results page reads the round with its results in one
 * statement, then decides here before anything of it is shown).
 */
export function authorizeRound(ctx: RequestContext, round: { cityId: string } | undefined, permission: 'assessment.read' | 'assessment.manage' = 'assessment.read'): void {
  const actor = requirePermission(ctx.actor, permission);
  if (!round) throw notFound('assessmentRound');
  if (!reachesCity(actor, permission, round.cityId)) throw new AppError('not_found', { entity: 'assessmentRound' }, undefined, { denied: true });
}

/*
 * Whose self-assessment a subject is (issue 18 §2, §3). assessment.self is held over a town by its staff and by its
 * station's operator, and the subject's type decides which of them it is: a station's self-assessment, evidence and
 * appeal are its operator's — the agency that runs it on contract and answers for its work — while the staff of the
 * town that hosts the station follow it read-only (they supervise it and sign off its site, not its scores); the
 * town's own yearly assessment is its staff's alone, and the station's operator has no part in it (404, as for a
 * subject out of reach). Procurement bids, proposals and projects have no self-assessment here.
 */
const SUBJECT_HOLDERS: Partial<Record<SubjectType, { act: readonly Role[]; read: readonly Role[] }>> = {
  station: { act: ['stationOperator'], read: ['stationOperator', 'townStaff'] },
  town: { act: ['townStaff'], read: ['townStaff'] },
};

/** The actor as far as its grants let it `how` a subject of `type`. */
function asHolderOf(actor: Actor, type: SubjectType, how: 'act' | 'read'): Actor {
  const roles = SUBJECT_HOLDERS[type]?.[how] ?? [];
  return { ...actor, grants: actor.grants.filter((g) => roles.includes(g.role)) };
}

/** Where the actor may `how` subjects of `type`: the towns of their own subjects of that type. */
export function ownSubjectReach(actor: Actor, type: SubjectType, how: 'act' | 'read'): RegionReach {
  return regionReach(asHolderOf(actor, type, how), 'assessment.self');
}

/** Whether a subject of `subjectType` lying at `regionPath` is the actor's own, to act on (`act`) or to follow (`read`). */
export function ownsSubject(actor: Actor, subject: { subjectType: SubjectType; regionPath: string | null }, how: 'act' | 'read'): boolean {
  return !!subject.regionPath && reachesRegion(asHolderOf(actor, subject.subjectType, how), 'assessment.self', subject.regionPath);
}

/**
 * A subject of the round that is the caller's own (above): to act on it (`act`: self-assessment, evidence, appeal) or
 * to read it (`read`: its sheet, evidence files and report). Not theirs: 404, as a missing one; theirs to read but not
 * to act on (the town's staff and their station): 403. `mayAct` tells a reader whether they may also act.
 */
export async function requireOwnSubject(db: DbOrTx, ctx: RequestContext, roundId: string, subjectId: string, how: 'act' | 'read' = 'act') {
  const actor = requirePermission(ctx.actor, 'assessment.self');
  const [s] = await db
    .select({ subject: assessmentSubjects, regionPath: regions.path, state: cases.state, title: cases.title })
    .from(assessmentSubjects)
    .innerJoin(cases, eq(cases.id, assessmentSubjects.roundId))
    .leftJoin(regions, eq(regions.id, assessmentSubjects.regionId))
    .where(and(eq(assessmentSubjects.id, subjectId), eq(assessmentSubjects.roundId, roundId)));
  const target = s && { subjectType: s.subject.subjectType, regionPath: s.regionPath };
  if (!target || !ownsSubject(actor, target, 'read')) throw new AppError('not_found', { entity: 'assessmentSubject' }, undefined, s ? { denied: true } : undefined);
  const mayAct = ownsSubject(actor, target, 'act');
  if (how === 'act' && !mayAct) throw new AppError('forbidden', {}, undefined, { denied: true });
  return { subject: s.subject, state: s.state as RoundState, title: s.title, mayAct };
}
