import { defineModule, tablesIn } from '../../platform/module.js';
import { applicationsContract } from '../../../contracts/applications.manifest.js';
import { applicationRoutes } from './applications.routes.js';
import { applicationCaseType } from './application.case.js';
import * as applicationsTables from './applications.tables.js';
import * as certificatesTables from './certificates.tables.js';
import { ZApplicationChecklistBody, ZApplicationTypeSettingBody, ZRegistrationRuleBody } from '../../../contracts/applications.js';
import { moveApplicationsWithRegion } from './use-cases/move-with-region.js';
import { applicationsWorkbench } from './applications.workbench.js';
import { applicationsTemplate } from './applications.template.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const applicationsModule = defineModule({
  name: 'applications',
  contract: applicationsContract,
  routes: [applicationRoutes],
  tables: tablesIn(applicationsTables, certificatesTables),
  caseTypes: (services) => [applicationCaseType(services.pii)],
  onRegionMove: moveApplicationsWithRegion,
  // Applications name organizations of the registry (changes, deregistrations, annual reports).
  demoSeed: {
    after: ['orgs'],
    base: async (tx) => (await import('./applications.demo-seed.js')).seedHainingApplicationRules(tx),
    acts: async (db, { pii, storage }) => {
      await (await import('./applications.demo-seed.js')).seedHainingApplications(db, pii, storage);
    },
  },
  settings: [
    {
      name: 'applicationSettings',
      label: { zh: '申办事项设置（承诺时限、联审部门）', en: 'Settings per kind (promised days, joint-review departments)' },
      table: applicationsTables.applicationSettings,
      input: ZApplicationTypeSettingBody,
      route: 'PUT /api/v1/application-settings/:kind',
    },
    {
      name: 'applicationChecklists',
      label: { zh: '申办材料清单', en: 'Materials checklists per kind' },
      table: applicationsTables.applicationChecklistItems,
      input: ZApplicationChecklistBody,
      route: 'PUT /api/v1/application-settings/:kind/checklist',
    },
    {
      name: 'registrationRules',
      label: { zh: '注册资金规则', en: 'Registration rules (minimum capital)' },
      table: applicationsTables.registrationRules,
      input: ZRegistrationRuleBody,
      route: 'POST /api/v1/registration-rules',
    },
  ],
  workbench: applicationsWorkbench,
  // After the departments' part: a setting's joint review is matched to the new city's departments.
  cityTemplate: applicationsTemplate,
});

// What other modules may use.
export { applicationRoutes } from './applications.routes.js';
export { applicationCaseType } from './application.case.js';
