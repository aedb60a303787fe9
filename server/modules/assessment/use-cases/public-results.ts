import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { ROUND_STATE_NAMES, type RoundState } from '../../../../contracts/assessment.js';
import { portalCity } from '../../../platform/access/portal-city.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { assessmentRounds, assessmentRubrics } from '../assessment.tables.js';
import { resultsOf } from './moderation.js';

/*
 * Published results on the portal (issue 18: "the published ones also on the portal"): the SPPE and town rounds whose
 * results have been put on notice or made final, for anyone, without an account. Procurement and evaluation rounds
 * are published through their projects' own notices, not here. Nothing unpublished is ever answered.
 */

const PUBLIC_KINDS = ['sppe', 'town'] as const;

export async function listPublicRounds(db: DbOrTx, ctx: RequestContext, cityCode: string | undefined) {
  const city = await portalCity(db, cityCode);
  const rows = await db
    .select({ round: assessmentRounds, title: cases.title, state: cases.state, rubricName: assessmentRubrics.name })
    .from(assessmentRounds)
    .innerJoin(cases, eq(cases.id, assessmentRounds.caseId))
    .innerJoin(assessmentRubrics, eq(assessmentRubrics.id, assessmentRounds.rubricId))
    .where(and(isNotNull(assessmentRounds.publishedAt), inArray(assessmentRounds.kind, PUBLIC_KINDS), city ? eq(assessmentRounds.cityId, city.id) : undefined))
    .orderBy(desc(assessmentRounds.year), assessmentRounds.kind);
  return {
    items: rows.map((r) => ({
      id: r.round.caseId,
      kind: r.round.kind as (typeof PUBLIC_KINDS)[number],
      year: r.round.year,
      name: r.title,
      rubricName: r.rubricName,
      state: r.state as RoundState,
      stateName: labelOf(ROUND_STATE_NAMES[r.state as RoundState], ctx.lang),
      noticeEndsOn: r.round.noticeEndsOn,
      publishedAt: toIso(r.round.publishedAt)!,
      finalizedAt: toIso(r.round.finalizedAt),
    })),
  };
}

export async function publicRoundResults(db: DbOrTx, ctx: RequestContext, roundId: string) {
  const [r] = await db
    .select({ round: assessmentRounds, title: cases.title, state: cases.state, number: cases.number })
    .from(assessmentRounds)
    .innerJoin(cases, eq(cases.id, assessmentRounds.caseId))
    .where(and(eq(assessmentRounds.id, roundId), inArray(assessmentRounds.kind, PUBLIC_KINDS)));
  if (!r || !r.round.publishedAt) throw notFound('assessmentRound');
  return resultsOf(db, { ...r.round, state: r.state as RoundState, title: r.title, number: r.number }, 'published', ctx.lang);
}
