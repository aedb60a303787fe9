export { orgRoutes } from './orgs.routes.js';
export { orgs } from './orgs.tables.js';
