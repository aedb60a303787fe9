export { applicationRoutes } from './applications.routes.js';
export { applications, applicationSettings, registrationRules } from './applications.tables.js';
export { applicationCaseType } from './application.case.js';
