import { defineModule, tablesIn } from '../../platform/module.js';
import { citiesContract } from '../../../contracts/cities.manifest.js';
import * as tables from './cities.tables.js';
import { cityRoutes } from './cities.routes.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const citiesModule = defineModule({
  name: 'cities',
  contract: citiesContract,
  routes: [cityRoutes],
  tables: tablesIn(tables),
});

// What other modules may use.
export { citySettingsOf } from './use-cases/find-cities.js';
export { defaultCitySettings } from './cities.presenter.js';
