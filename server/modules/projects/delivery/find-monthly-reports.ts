import { desc, eq } from 'drizzle-orm';
import { users } from '../../../platform/auth/auth.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { projectReports } from '../projects.tables.js';
import { projectFor } from '../project.policy.js';

export async function listMonthlyReports(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await projectFor(db, ctx, projectId);
  const found = await db
    .select({ id: projectReports.id, month: projectReports.month, summary: projectReports.summary, problems: projectReports.problems, nextPlan: projectReports.nextPlan, submittedByName: users.displayName, submittedAt: projectReports.submittedAt })
    .from(projectReports)
    .innerJoin(users, eq(users.id, projectReports.submittedBy))
    .where(eq(projectReports.projectId, projectId))
    .orderBy(desc(projectReports.month));
  return found.map((r) => ({ ...r, submittedAt: toIso(r.submittedAt)! }));
}
