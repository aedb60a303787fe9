// Every table, for Drizzle's relational queries and drizzle-kit. Modules add their tables here.
export * from '../access/scope.tables.js';
export * from '../auth/auth.tables.js';
export * from '../audit/audit.tables.js';
export * from '../calendar/calendar.tables.js';
export * from '../../modules/orgs/orgs.tables.js';
