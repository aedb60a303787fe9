// The regions module's public door: other modules import only from here.
export { regionRoutes } from './regions.routes.js';
export { findRegionById } from './regions.queries.js';
