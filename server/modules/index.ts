/**
 * Every module, once, in the order the app registers them. A new module adds its folder (with a manifest exported
 * from its index.ts) and one line here; app.ts, the engine's case types, the scheduler and the manifest tests
 * take it from this list. Its shared half (permissions, audit actions) is listed in contracts/modules.ts.
 */
import type { ModuleManifest } from '../platform/module.js';
import { regionsModule } from './regions/index.js';
import { departmentsModule } from './departments/index.js';
import { citiesModule } from './cities/index.js';
import { peopleModule } from './people/index.js';
import { orgsModule } from './orgs/index.js';
import { applicationsModule } from './applications/index.js';
import { catalogModule } from './catalog/index.js';
import { fundsModule } from './funds/index.js';
import { projectsModule } from './projects/index.js';
import { meetingsModule } from './meetings/index.js';
import { opendataModule } from './opendata/index.js';
import { workforceModule } from './workforce/index.js';
import { rotationModule } from './rotation/index.js';
import { concernsModule } from './concerns/index.js';
import { assessmentModule } from './assessment/index.js';

export const MODULES: readonly ModuleManifest[] = [
  regionsModule,
  departmentsModule,
  citiesModule,
  peopleModule,
  orgsModule,
  applicationsModule,
  catalogModule,
  fundsModule,
  projectsModule,
  meetingsModule,
  opendataModule,
  workforceModule,
  rotationModule,
  concernsModule,
  assessmentModule,
];
