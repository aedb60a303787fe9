import { defineModule } from '../../platform/module.js';
import { departmentsContract } from '../../../contracts/departments.manifest.js';
import { departmentRoutes } from './departments.routes.js';
import { departmentsTemplate } from './departments.template.js';

// Its table is the kernel's scope model (server/platform/access/scope.tables.ts).
/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const departmentsModule = defineModule({
  name: 'departments',
  contract: departmentsContract,
  routes: [departmentRoutes],
  tables: [],
  cityTemplate: departmentsTemplate,
});

// What other modules may use.
export { departmentRoutes } from './departments.routes.js';
