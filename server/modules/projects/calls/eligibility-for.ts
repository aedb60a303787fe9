import { and, eq, isNotNull } from 'drizzle-orm';
import { holdsPermission, isOrgMember } from '../../../platform/access/policy.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { projectCity } from '../project-city.js';
import { serviceProjects } from '../projects.tables.js';
import { checkEligibility } from './eligibility.js';

/** Eligibility for a project, for a member of the org (to see which rule fails before bidding) or the office. */
export async function eligibilityFor(db: DbOrTx, ctx: RequestContext, projectId: string, orgId: string) {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated');
  if (!isOrgMember(actor, orgId) && !holdsPermission(actor, 'project.manage')) throw new AppError('not_found', { entity: 'org' }, undefined, { denied: true });
  const [p] = await db
    .select({ id: cases.id, regionPath: cases.regionPath, budgetFen: serviceProjects.budgetFen })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .where(and(eq(serviceProjects.caseId, projectId), isNotNull(serviceProjects.callPublishedAt)));
  if (!p) throw notFound('call');
  const result = await checkEligibility(db, (await projectCity(db, p)).id, orgId, p.budgetFen);
  if (!result) throw notFound('org');
  return { orgId, orgName: result.org.name, eligible: result.eligible, rules: result.rules };
}
