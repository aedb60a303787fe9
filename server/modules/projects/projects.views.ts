import { sql } from 'drizzle-orm';
import { pgView } from 'drizzle-orm/pg-core';
import { serviceProjects } from './projects.tables.js';

/**
 * The projects as other modules may read them in SQL (issue 14 §1: through the owner's read functions or views,
 * never its tables): which project, which year, bought by which department, delivered by which org. A projection
 * of one table, inlined by the planner. Exported from index.ts; modules/manifests.test.ts lets other modules
 * name only exported views.
 */
export const projectDirectory = pgView('project_directory').as((qb) =>
  qb
    .select({ id: sql<string>`${serviceProjects.caseId}`.as('id'), year: serviceProjects.year, departmentId: serviceProjects.departmentId, providerOrgId: serviceProjects.providerOrgId })
    .from(serviceProjects),
);
