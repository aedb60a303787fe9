export { projectRoutes } from './projects.routes.js';
export { supervisorRoutes } from './supervisors.routes.js';
export { serviceProjects, eligibilityRules, creditBlacklist, projectBids } from './projects.tables.js';
