import { defineModule, tablesIn } from '../../platform/module.js';
import { projectsContract } from '../../../contracts/projects.manifest.js';
import { projectRoutes } from './projects.routes.js';
import { callRoutes } from './calls/calls.routes.js';
import { procurementRoutes } from './procurement/procurement.routes.js';
import { deliveryRoutes } from './delivery/delivery.routes.js';
import { supervisionRoutes } from './supervision/supervision.routes.js';
import { supervisorRoutes } from './supervision/supervisors.routes.js';
import { paymentRoutes } from './payments/payments.routes.js';
import { evaluationRoutes } from './evaluation/evaluation.routes.js';
import { disclosureRoutes } from './disclosure/disclosure.routes.js';
import { projectSettingsRoutes } from './settings/settings.routes.js';
import { projectCaseType } from './project.case.js';
import { flagOverdueRectifications } from './supervision/supervision.js';
import * as projectsTables from './projects.tables.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const projectsModule = defineModule({
  name: 'projects',
  contract: projectsContract,
  // One route file per seam of the lifecycle (each folder holds a seam's routes, use cases and tests).
  routes: [projectRoutes, callRoutes, procurementRoutes, deliveryRoutes, supervisionRoutes, supervisorRoutes, paymentRoutes, evaluationRoutes, disclosureRoutes, projectSettingsRoutes],
  tables: tablesIn(projectsTables),
  caseTypes: () => [projectCaseType()],
  dailyTasks: [{ name: 'rectifications-overdue', run: flagOverdueRectifications }],
});

// What other modules may use.
export { projectRoutes } from './projects.routes.js';
export { supervisorRoutes } from './supervision/supervisors.routes.js';
/** Views other modules may name in SQL (their tables they may not): modules/manifests.test.ts checks both. */
export { projectDirectory } from './projects.views.js';
/** Published projects with what open data publishes of them (opendata compiles them into OCDS releases). */
export { projectsForRelease, type ReleaseFilter, type ReleasedProject, type ReleasedOrg, type ReleasedStep } from './disclosure/projects-for-release.js';
