// The regions module's public door: other modules import only from here.
export { regionRoutes } from './regions.routes.js';
export { findRegionById, recountRegions } from './regions.queries.js';
