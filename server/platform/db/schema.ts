// Every table, for Drizzle's relational queries and drizzle-kit. Modules add their tables here.
export * from '../access/scope.tables.js';
export * from '../auth/auth.tables.js';
export * from '../audit/audit.tables.js';
export * from '../calendar/calendar.tables.js';
export * from '../../modules/orgs/orgs.tables.js';
export * from '../files/files.tables.js';
export * from '../notify/notify.tables.js';
export * from '../cases/cases.tables.js';
export * from '../../modules/applications/applications.tables.js';
export * from '../../modules/applications/certificates.tables.js';
export * from '../../modules/catalog/catalog.tables.js';
export * from '../../modules/funds/funds.tables.js';
export * from '../../modules/projects/projects.tables.js';
export * from '../http/idempotency.tables.js';
export * from '../../modules/meetings/meetings.tables.js';
export * from './meta.tables.js';
