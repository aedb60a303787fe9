import { defineModule, tablesIn } from '../../platform/module.js';
import { orgsContract } from '../../../contracts/orgs.manifest.js';
import { orgRoutes } from './orgs.routes.js';
import { orgImportRoutes } from './org-imports.routes.js';
import { orgHistoryRoutes } from './org-history.routes.js';
import { orgMemberRoutes } from './org-members.routes.js';
import * as orgsTables from './orgs.tables.js';
import * as orgAccountsTables from './org-accounts.tables.js';
import { moveOrgsWithRegion } from './use-cases/move-with-region.js';
import { orgsWorkbench } from './orgs.workbench.js';
import { orgsFormulas } from './orgs.formulas.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const orgsModule = defineModule({
  name: 'orgs',
  contract: orgsContract,
  routes: [orgRoutes, orgImportRoutes, orgHistoryRoutes, orgMemberRoutes],
  tables: [...tablesIn(orgsTables), ...tablesIn(orgAccountsTables)],
  onRegionMove: moveOrgsWithRegion,
  // The demo's seeding code is loaded only when a demo is seeded (a dynamic import keeps it out of every start).
  demoSeed: { base: async (tx, { pii }) => ({ orgs: await (await import('./orgs.demo-seed.js')).seedHainingOrgs(tx, pii) }) },
  workbench: orgsWorkbench,
  // The assessment's 孵化培育社会组织 (SPPE P1-6, the towns' T2-1).
  formulas: orgsFormulas,
});

// What other modules may use.
export { orgRoutes } from './orgs.routes.js';
export { orgImportRoutes } from './org-imports.routes.js';
export { orgHistoryRoutes } from './org-history.routes.js';
export { registerOrg, applyOrgChange, deregisterOrg, setOrgChanging, recordAnnualReport, loadOrgSnapshot } from './use-cases/write-orgs.js';
export { grantOrgAccount, grantOrgMembership, revokeOrgMembership } from './use-cases/manage-org-members.js';
export { selectOrgNames as orgNamesOf } from './orgs.queries.js';
/** Who may read one organization's own pages (its record, history, project record): the detail's decision. */
export { requireOrgVisible } from './orgs.policy.js';
/** Views other modules may name in SQL (their tables they may not): modules/manifests.test.ts checks both. */
export { orgDirectory } from './orgs.views.js';
