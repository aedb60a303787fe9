import { defineModule, tablesIn } from '../../platform/module.js';
import { concernsContract } from '../../../contracts/concerns.manifest.js';
import * as concernsTables from './concerns.tables.js';
import { concernCaseType } from './concern.case.js';
import { concernsRoutes } from './concerns.routes.js';
import { concernsPublicRoutes } from './concerns-public.routes.js';
import { concernSettingsRoutes } from './concern-settings.routes.js';
import { open311Routes } from './open311.routes.js';
import { concernsTemplate } from './concerns.template.js';
import { escalationTask } from './use-cases/escalate-overdue.js';
import { concernsFormulas } from './concerns.formulas.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const concernsModule = defineModule({
  name: 'concerns',
  contract: concernsContract,
  routes: [concernsRoutes, concernsPublicRoutes, concernSettingsRoutes, open311Routes],
  tables: tablesIn(concernsTables),
  caseTypes: () => [concernCaseType()],
  cityTemplate: concernsTemplate,
  // After the engine's overdue check: escalate what it found late (超期督办).
  dailyTasks: [escalationTask],
  // The assessment's 民情按时办结率 (SPPE E2, the towns' T4-1).
  formulas: concernsFormulas,
  // Routing rules name the city's departments.
  demoSeed: {
    base: async (tx) => (await import('./concerns.demo-seed.js')).seedHainingConcerns(tx),
    acts: async (db, services) => (await import('./concerns.demo-seed.js')).seedHainingConcernActs(db, services),
  },
});
