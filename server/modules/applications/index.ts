import { defineModule, tablesIn } from '../../platform/module.js';
import { applicationsContract } from '../../../contracts/applications.manifest.js';
import { applicationRoutes } from './applications.routes.js';
import { applicationCaseType } from './application.case.js';
import * as applicationsTables from './applications.tables.js';
import * as certificatesTables from './certificates.tables.js';
import { moveApplicationsWithRegion } from './use-cases/move-with-region.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const applicationsModule = defineModule({
  name: 'applications',
  contract: applicationsContract,
  routes: [applicationRoutes],
  tables: tablesIn(applicationsTables, certificatesTables),
  caseTypes: (services) => [applicationCaseType(services.pii)],
  onRegionMove: moveApplicationsWithRegion,
});

// What other modules may use.
export { applicationRoutes } from './applications.routes.js';
export { applicationCaseType } from './application.case.js';
