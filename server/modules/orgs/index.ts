export { orgRoutes } from './orgs.routes.js';
export { orgImportRoutes } from './org-imports.routes.js';
export { orgHistoryRoutes } from './org-history.routes.js';
export { orgs, orgChanges, orgImports } from './orgs.tables.js';
export { registerOrg, applyOrgChange, deregisterOrg, setOrgChanging, recordAnnualReport, loadOrgSnapshot, findOrgHistory } from './use-cases/write-orgs.js';
