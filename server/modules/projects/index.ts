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
import { flagOverdueRectifications } from './supervision/flag-overdue-rectifications.js';
import * as projectsTables from './projects.tables.js';
import { projectsWorkbench } from './projects.workbench.js';
import { projectsTemplate } from './projects.template.js';
import { projectsFormulas } from './projects.formulas.js';
import { ZEligibilityRulePatch, ZProcurementBandsPut, ZRubricPatch } from '../../../contracts/projects/settings.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const projectsModule = defineModule({
  name: 'projects',
  contract: projectsContract,
  // One route file per seam of the lifecycle (each folder holds a seam's routes, use cases and tests).
  routes: [projectRoutes, callRoutes, procurementRoutes, deliveryRoutes, supervisionRoutes, supervisorRoutes, paymentRoutes, evaluationRoutes, disclosureRoutes, projectSettingsRoutes],
  tables: tablesIn(projectsTables),
  caseTypes: () => [projectCaseType()],
  dailyTasks: [{ name: 'rectifications-overdue', run: flagOverdueRectifications }],
  // Projects are bought from the registry's organizations with the catalog's categories and the funds' lines;
  // they come after the demo's applications, as they always have (the registry then holds what those approved).
  demoSeed: {
    after: ['orgs', 'catalog', 'funds', 'applications'],
    base: async (tx) => (await import('./projects.demo-seed.js')).seedHainingEligibility(tx),
    acts: async (db) => {
      await (await import('./projects.demo-seed.js')).seedHainingProjects(db);
    },
  },
  settings: [
    { name: 'eligibilityRules', label: { zh: '申报资格规则', en: 'Eligibility rules' }, table: projectsTables.eligibilityRules, input: ZEligibilityRulePatch, route: 'PATCH /api/v1/eligibility-rules/:code' },
    { name: 'scoringRubric', label: { zh: '专家评分标准', en: 'Scoring rubric' }, table: projectsTables.scoringRubrics, input: ZRubricPatch, route: 'PATCH /api/v1/scoring-rubric' },
    { name: 'procurementBands', label: { zh: '采购方式规则', en: 'Procurement method bands' }, table: projectsTables.procurementMethodBands, input: ZProcurementBandsPut, route: 'PUT /api/v1/procurement-bands' },
  ],
  workbench: projectsWorkbench,
  // A new city starts from another city's eligibility rules and procurement bands (the rubric and the evaluation standard are still every city's).
  cityTemplate: projectsTemplate,
  // The assessment's project indicators: 按期结项率, 终期评估等次, 服务指标完成率 (SPPE P2-3, E4, P2-4; the towns' T3-2, T3-3).
  formulas: projectsFormulas,
});

// What other modules may use.
export { projectRoutes } from './projects.routes.js';
export { supervisorRoutes } from './supervision/supervisors.routes.js';
/** Views other modules may name in SQL (their tables they may not): modules/manifests.test.ts checks both. */
export { projectDirectory } from './projects.views.js';
/** Published projects with what open data publishes of them (opendata compiles them into OCDS releases). */
export { projectsForRelease, type ReleaseFilter, type ReleasedProject, type ReleasedOrg, type ReleasedStep } from './disclosure/projects-for-release.js';
