import { sql } from 'drizzle-orm';
import { assessmentRounds } from './assessment.tables.js';

/**
 * A round that is a case of its own (SPPE, the towns'): the office's assessment pages, the evaluator's task list and
 * the portal know only these. A project's expert review and final evaluation are rounds inside the project's case
 * (owned-rounds.ts), shown and driven by the project's pages, and answer 404 here.
 */
export const ownCaseRound = sql`${assessmentRounds.id} = ${assessmentRounds.caseId}`;
