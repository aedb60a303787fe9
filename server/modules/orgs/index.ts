export { orgRoutes } from './orgs.routes.js';
export { orgs, orgChanges } from './orgs.tables.js';
export { registerOrg, applyOrgChange, deregisterOrg, setOrgChanging, recordAnnualReport, loadOrgSnapshot, findOrgHistory } from './use-cases/write-orgs.js';
