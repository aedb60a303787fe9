import { ROUND_STATE_NAMES, type RoundState } from '../../../contracts/assessment.js';
import { toIso } from '../../platform/db/sql.js';
import { labelOf, type RequestContext } from '../../platform/http/context.js';
import type { assessmentRounds } from './assessment.tables.js';

type RoundHead = typeof assessmentRounds.$inferSelect;

/** A round as the API shows it (ZRound). */
export function presentRound(r: { round: RoundHead; number: string; title: string; state: string; version: number; rubric: { id: string; code: string; version: number; name: string; maxPoints: number }; subjects: number; evaluators: number; sheetsOwed: number; sheetsSubmitted: number; openAppeals: number }, lang: RequestContext['lang']) {
  const h: RoundHead = r.round;
  const state = r.state as RoundState;
  return {
    id: h.caseId,
    number: r.number,
    cityId: h.cityId,
    kind: h.kind,
    year: h.year,
    name: r.title,
    state,
    stateName: labelOf(ROUND_STATE_NAMES[state], lang),
    rubric: r.rubric,
    blind: h.blind,
    selfDueOn: h.selfDueOn,
    scoringDueOn: h.scoringDueOn,
    noticeWorkingDays: h.noticeWorkingDays,
    appealWorkingDays: h.appealWorkingDays,
    noticeStartsOn: h.noticeStartsOn,
    noticeEndsOn: h.noticeEndsOn,
    publishedAt: toIso(h.publishedAt),
    finalizedAt: toIso(h.finalizedAt),
    subjects: r.subjects,
    evaluators: r.evaluators,
    sheetsSubmitted: r.sheetsSubmitted,
    sheetsOwed: r.sheetsOwed,
    openAppeals: r.openAppeals,
    version: r.version,
  };
}

