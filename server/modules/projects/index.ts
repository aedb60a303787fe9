export { projectRoutes } from './projects.routes.js';
export { serviceProjects, eligibilityRules, creditBlacklist, projectBids } from './projects.tables.js';
