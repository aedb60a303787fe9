import { defineModule, tablesIn } from '../../platform/module.js';
import { assessmentContract } from '../../../contracts/assessment.manifest.js';
import { ZRubricInput } from '../../../contracts/assessment.js';
import * as assessmentTables from './assessment.tables.js';
import { assessmentRoutes } from './assessment.routes.js';
import { roundCaseType } from './round.case.js';
import { assessmentTemplate } from './assessment.template.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const assessmentModule = defineModule({
  name: 'assessment',
  contract: assessmentContract,
  routes: [assessmentRoutes],
  tables: tablesIn(assessmentTables),
  caseTypes: () => [roundCaseType()],
  // Every city has the final evaluation standard from the start; a new city copies another's published rubrics.
  cityTemplate: assessmentTemplate,
  // The rubrics (SPPE, the towns', and the projects' final evaluation standard, whose form is the projects' settings page).
  settings: [{ name: 'rubrics', label: { zh: '评估标准', en: 'Rubrics' }, table: assessmentTables.assessmentRubrics, input: ZRubricInput, route: 'POST /api/v1/assessment/rubrics' }],
  // Computed indicators read the projects, concerns, rotation, registry and workforce of the demo year.
  demoSeed: {
    after: ['projects', 'concerns', 'rotation', 'workforce'],
    base: async (tx) => (await import('./assessment.demo-seed.js')).seedHainingAssessmentBase(tx),
    acts: async (db) => (await import('./assessment.demo-seed.js')).seedHainingAssessmentActs(db),
  },
});

// What other modules may use: the one aggregation, and rounds opened by their own steps.
export { aggregate, compositeCeiling, type AggregationRubric, type AggregationSubject, type SubjectResult } from './aggregate.js';
// Rounds scoring a step of another module's case (a project's expert review and final evaluation): the engine's
// scoring, the owning module's rules.
export {
  criteriaByCase,
  importOwnedSheets,
  criteriaOf,
  declareSeat,
  finalizeOwnedRound,
  joinPanel,
  openOwnedRound,
  ownedRoundOf,
  ownedRoundResults,
  panelOf,
  publishedRubricOf,
  publishOwnedRubric,
  roundCriteria,
  seatOf,
  sheetsOf,
  submitSheet,
  type OwnedCriterion,
  type OwnedRound,
  type OwnedSubject,
  type SeatState,
  type Sheet,
} from './owned-rounds.js';
export { EVALUATION_BANDS } from './assessment.template.js';
