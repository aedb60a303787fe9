import { defineModule } from '../../platform/module.js';
import { peopleContract } from '../../../contracts/people.manifest.js';
import { peopleRoutes } from './people.routes.js';

// Users and role grants are the kernel's (server/platform/auth/auth.tables.ts); this module administers them.
/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const peopleModule = defineModule({
  name: 'people',
  contract: peopleContract,
  routes: [peopleRoutes],
  tables: [],
});

// What other modules may use.
export { peopleRoutes } from './people.routes.js';
