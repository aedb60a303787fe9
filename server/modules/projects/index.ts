import { defineModule, tablesIn } from '../../platform/module.js';
import { projectsContract } from '../../../contracts/projects.manifest.js';
import { projectRoutes } from './projects.routes.js';
import { supervisorRoutes } from './supervisors.routes.js';
import { projectCaseType } from './project.case.js';
import { flagOverdueRectifications } from './use-cases/supervision.js';
import * as projectsTables from './projects.tables.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const projectsModule = defineModule({
  name: 'projects',
  contract: projectsContract,
  routes: [projectRoutes, supervisorRoutes],
  tables: tablesIn(projectsTables),
  caseTypes: () => [projectCaseType()],
  dailyTasks: [{ name: 'rectifications-overdue', run: flagOverdueRectifications }],
});

// What other modules may use.
export { projectRoutes } from './projects.routes.js';
export { supervisorRoutes } from './supervisors.routes.js';
export { serviceProjects, eligibilityRules, creditBlacklist, projectBids } from './projects.tables.js';
/** Views other modules may name in SQL (their tables they may not): modules/manifests.test.ts checks both. */
export { projectDirectory } from './projects.views.js';
/** Published projects with what open data publishes of them (opendata compiles them into OCDS releases). */
export { projectsForRelease, type ReleaseFilter, type ReleasedProject, type ReleasedOrg, type ReleasedStep } from './use-cases/projects-for-release.js';
