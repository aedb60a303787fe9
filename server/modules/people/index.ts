export { peopleRoutes } from './people.routes.js';
