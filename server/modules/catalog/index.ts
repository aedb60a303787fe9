export { catalogRoutes } from './catalog.routes.js';
export { catalogCategories, serviceDomains } from './catalog.tables.js';
export { getCatalog } from './catalog.service.js';
