import { and, eq, inArray } from 'drizzle-orm';
import { departmentReach, isOrgMember, memberOrgIds } from '../../../platform/access/policy.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectBids, serviceProjects } from '../projects.tables.js';
import { requireProjectInSight } from '../project.policy.js';
import { BID_FIELDS, presentBid } from './bid-records.js';

/**
 * Bids in a project: the office, auditors and the buying department see all of them once the call has
 * closed (before that, only that there are some); an organization sees its own.
 */
export async function listBids(db: DbOrTx, ctx: RequestContext, projectId: string) {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated');
  const [p] = await db.select({ departmentId: serviceProjects.departmentId, state: cases.state }).from(serviceProjects).innerJoin(cases, eq(cases.id, serviceProjects.caseId)).where(eq(serviceProjects.caseId, projectId));
  if (!p) throw notFound('project');
  const reach = departmentReach(actor, 'project.read');
  const staff = reach.all || reach.departmentIds.includes(p.departmentId);
  const ownOrgs = memberOrgIds(actor);
  if (!staff && ownOrgs.length === 0) throw new AppError('not_found', { entity: 'project' }, undefined, { denied: true });
  // An organization's own bids are in public calls; another department's draft is out of its reach (404, not []).
  if (!staff) await requireProjectInSight(db, ctx, projectId);
  // Sealed until the deadline: staff must not read (or leak) one bid to another bidder while the call is open.
  const sealed = staff && p.state === 'calling';
  const found = await db
    .select({ ...BID_FIELDS, orgName: orgDirectory.name })
    .from(projectBids)
    .innerJoin(orgDirectory, eq(orgDirectory.id, projectBids.orgId))
    .where(and(eq(projectBids.projectId, projectId), staff ? undefined : inArray(projectBids.orgId, ownOrgs)))
    .orderBy(projectBids.submittedAt);
  const visible = sealed ? found.filter((b) => isOrgMember(actor, b.orgId)) : found;
  return { items: visible.map((b) => presentBid(b, b.orgName)), sealedCount: sealed ? found.filter((b) => b.state === 'submitted').length : 0 };
}
