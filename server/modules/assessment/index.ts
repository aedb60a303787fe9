import { defineModule, tablesIn } from '../../platform/module.js';
import { assessmentContract } from '../../../contracts/assessment.manifest.js';
import * as assessmentTables from './assessment.tables.js';
import { assessmentRoutes } from './assessment.routes.js';
import { roundCaseType } from './round.case.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const assessmentModule = defineModule({
  name: 'assessment',
  contract: assessmentContract,
  routes: [assessmentRoutes],
  tables: tablesIn(assessmentTables),
  caseTypes: () => [roundCaseType()],
  // Computed indicators read the projects, concerns, rotation, registry and workforce of the demo year.
  demoSeed: {
    after: ['projects', 'concerns', 'rotation', 'workforce'],
    base: async (tx) => (await import('./assessment.demo-seed.js')).seedHainingAssessmentBase(tx),
    acts: async (db) => (await import('./assessment.demo-seed.js')).seedHainingAssessmentActs(db),
  },
});

// What other modules may use: the one aggregation, and rounds opened by their own steps.
export { aggregate, compositeCeiling, type AggregationRubric, type AggregationSubject, type SubjectResult } from './aggregate.js';
